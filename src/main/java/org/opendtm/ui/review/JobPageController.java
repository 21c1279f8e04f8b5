package org.opendtm.ui.review;

import java.util.UUID;
import org.opendtm.access.AnySignedIn;
import org.opendtm.access.JobAccess;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/** A job's progress bar, polled by htmx until the job has finished. */
@Controller
class JobPageController {

  private final JobAccess jobs;

  JobPageController(JobAccess jobs) {
    this.jobs = jobs;
  }

  @GetMapping("/app/jobs/{job}")
  @AnySignedIn
  String job(@PathVariable UUID job, Model model) {
    model.addAttribute("job", jobs.getVisibleJob(job));
    return "review/jobs :: job";
  }
}
