// The local Images API server for tests.
