// The Images API client.
