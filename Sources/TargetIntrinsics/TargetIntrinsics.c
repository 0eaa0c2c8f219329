// TargetIntrinsics is header-only (include/TargetIntrinsics.h); SwiftPM needs one source file per C target.
