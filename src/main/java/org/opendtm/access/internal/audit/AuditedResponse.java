package org.opendtm.access.internal.audit;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.function.IntConsumer;

/**
 * Calls back with the status just before the first byte of the answer can leave, so that the audit
 * event of a request is written before its caller sees the answer: a client holding a 200 knows its
 * write is in the log. The status is final by then (headers go out with the first byte).
 */
class AuditedResponse extends HttpServletResponseWrapper {

  private final IntConsumer beforeCommit;
  private boolean fired;
  private ServletOutputStream stream;
  private PrintWriter writer;

  AuditedResponse(HttpServletResponse response, IntConsumer beforeCommit) {
    super(response);
    this.beforeCommit = beforeCommit;
  }

  /** Records now unless already done; returns whether this call did it. */
  boolean fire() {
    if (fired) return false;
    fired = true;
    beforeCommit.accept(getStatus());
    return true;
  }

  @Override
  public ServletOutputStream getOutputStream() throws IOException {
    if (stream == null) {
      ServletOutputStream delegate = super.getOutputStream();
      stream =
          new ServletOutputStream() {
            @Override
            public void write(int b) throws IOException {
              fire();
              delegate.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
              fire();
              delegate.write(b, off, len);
            }

            @Override
            public void flush() throws IOException {
              fire();
              delegate.flush();
            }

            @Override
            public void close() throws IOException {
              fire();
              delegate.close();
            }

            @Override
            public boolean isReady() {
              return delegate.isReady();
            }

            @Override
            public void setWriteListener(WriteListener listener) {
              delegate.setWriteListener(listener);
            }
          };
    }
    return stream;
  }

  @Override
  public PrintWriter getWriter() throws IOException {
    if (writer == null) {
      PrintWriter delegate = super.getWriter();
      writer =
          new PrintWriter(
              new Writer() {
                @Override
                public void write(char[] buffer, int off, int len) {
                  fire();
                  delegate.write(buffer, off, len);
                }

                @Override
                public void flush() {
                  fire();
                  delegate.flush();
                }

                @Override
                public void close() {
                  fire();
                  delegate.close();
                }
              });
    }
    return writer;
  }

  @Override
  public void flushBuffer() throws IOException {
    fire();
    super.flushBuffer();
  }

  // sendError and sendRedirect set the status; the error page or redirect goes out only after the
  // filter chain has returned, so recording right after them is still before the caller sees it.
  @Override
  public void sendError(int status) throws IOException {
    super.sendError(status);
    fire();
  }

  @Override
  public void sendError(int status, String message) throws IOException {
    super.sendError(status, message);
    fire();
  }

  @Override
  public void sendRedirect(String location) throws IOException {
    super.sendRedirect(location);
    fire();
  }
}
