package dev.policymonitor.web.evidence;

import com.openhtmltopdf.util.Diagnostic;
import com.openhtmltopdf.util.XRLogger;
import java.util.logging.Level;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * openhtmltopdf's log on SLF4J (it writes to {@code java.util.logging}, INFO included, by default): its warnings
 * and errors as such, everything else at DEBUG.
 */
final class PdfLog implements XRLogger {
  private static final Logger LOG = LoggerFactory.getLogger("dev.policymonitor.web.evidence.pdf");

  @Override
  public void log(String where, Level level, String msg) {
    log(where, level, msg, null);
  }

  @Override
  public void log(String where, Level level, String msg, Throwable th) {
    if (level.intValue() >= Level.SEVERE.intValue()) {
      LOG.error("vendor=- document=- PDF {}: {}", where, msg, th);
    } else if (level.intValue() >= Level.WARNING.intValue()) {
      LOG.warn("vendor=- document=- PDF {}: {}", where, msg, th);
    } else if (LOG.isDebugEnabled()) {
      LOG.debug("vendor=- document=- PDF {}: {}", where, msg, th);
    }
  }

  @Override
  public void setLevel(String logger, Level level) {
    // levels are the SLF4J backend's
  }

  @Override
  public boolean isLogLevelEnabled(Diagnostic diagnostic) {
    return diagnostic.getLevel().intValue() >= Level.WARNING.intValue() || LOG.isDebugEnabled();
  }
}
