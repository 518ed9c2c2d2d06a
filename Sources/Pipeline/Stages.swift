/// The built-in stages. Each is also reachable as a static factory on ``ItemProcessing``,
/// so a pipeline reads as a list: `[.decode(), .thumbnail(256), .write()]`.
public enum Stages {}
