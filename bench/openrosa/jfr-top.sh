#!/usr/bin/env bash
# Summarises a JFR recording's execution samples (jdk.ExecutionSample): each sample is attributed
# to the first layer found walking down its stack from the top frame (pgjdbc, Hikari, observation,
# multipart, handler lookup, Spring Security, ...), so the shares add up to 100 % ("self" cost by
# layer); then the same by thread, and the most frequent top frames.
# Usage: bench/openrosa/jfr-top.sh recording.jfr [N]
set -euo pipefail
f="$1"; n="${2:-20}"
jfr print --events jdk.ExecutionSample --stack-depth 400 "$f" > "$f.txt"
python3 - "$f.txt" "$n" <<'PY'
import collections, re, sys
text = open(sys.argv[1]).read()
top_n = int(sys.argv[2])
samples = text.split("jdk.ExecutionSample")[1:]
specific = [
    ("pgjdbc", ("org.postgresql.",)),
    ("Hikari pool", ("com.zaxxer.hikari.",)),
    ("observation (micrometer)", ("io.micrometer.",)),
    ("multipart parsing", ("fileupload", "MultipartHttpServletRequest", "MultipartResolver")),
    ("submission XML parsing", ("SubmissionXml", "com.sun.org.apache.xerces")),
    ("SHA-256 / MD5", ("sun.security.provider", "java.security.MessageDigest")),
    ("MVC handler lookup", ("AbstractHandlerMethodMapping", "HandlerMappingIntrospector", "RequestMappingInfo", "mvc.condition.", "PathPattern", "org.springframework.http.HttpMethod")),
    ("Spring transactions", ("org.springframework.transaction.",)),
    ("Spring JDBC", ("org.springframework.jdbc.",)),
    ("bridge worker (own code)", ("org.opendtm.collection.internal.binding.",)),
]
wrapping = [
    ("Spring Security", ("org.springframework.security.",)),
    ("own code", ("org.opendtm.",)),
    ("Spring MVC / web", ("org.springframework.web.", "org.springframework.http.")),
    ("Tomcat", ("org.apache.catalina.", "org.apache.coyote.", "org.apache.tomcat.")),
    ("logging", ("ch.qos.logback", "org.slf4j")),
]
transparent = ("HandlerMappingIntrospector.lambda$createCacheFilter", "org.apache.catalina.connector.Request", "org.apache.coyote.Request.", "jakarta.servlet.",
               "org.apache.tomcat.util.buf.", "org.apache.tomcat.util.http.MimeHeaders", "java.", "jdk.internal.", "sun.nio.cs.")
by_layer, by_thread, tops = collections.Counter(), collections.Counter(), collections.Counter()
for s in samples:
    frames = [l.strip() for l in s.split("\n") if "line:" in l]
    thread = re.search(r'sampledThread = "([^"]*)"', s)
    by_thread[re.sub(r"\d+", "N", thread.group(1)) if thread else "?"] += 1
    if frames:
        tops[re.sub(r"\s+line:.*", "", frames[0])] += 1
    layer = None
    # specific layers anywhere in the stack (topmost first), then the wrapping ones
    for tier in (specific, wrapping):
        for frame in frames:
            if any(k in frame for k in transparent):
                continue
            layer = next((name for name, keys in tier if any(k in frame for k in keys)), None)
            if layer:
                break
        if layer:
            break
    by_layer[layer or "JDK / other"] += 1
total = len(samples)
print(f"samples: {total}")
print("--- by layer (first one found from the top of the stack)")
for name, c in by_layer.most_common():
    print(f"{100 * c / total:5.1f}%  {name}")
print("--- by thread")
for name, c in by_thread.most_common(8):
    print(f"{100 * c / total:5.1f}%  {name}")
print("--- top frames")
for name, c in tops.most_common(top_n):
    print(f"{c:5d}  {name}")
PY
