package scan

// UnwrapForTest exposes unwrap to the external tests.
var UnwrapForTest = unwrap
