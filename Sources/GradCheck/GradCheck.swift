@_exported import NormUnderTest
