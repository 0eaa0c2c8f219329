// NonTemporal is header-only (include/NonTemporal.h); SwiftPM needs one source file per C target.
