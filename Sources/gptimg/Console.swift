import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Everything the tool prints goes through here, so the human lines, the `--json` event
/// lines, colours and the progress bar follow one set of rules:
///
/// - human mode prints one line per event (results on standard output, warnings and failures
///   on standard error), coloured only when the stream is a terminal and `NO_COLOR` is not set;
/// - `--json` prints one JSON object per event on standard output, nothing else;
/// - a progress bar is drawn on standard error only when it is a terminal, and never with `--json`.
actor Console {
    /// What kind of line an event is, which decides its stream and colour: results
    /// (`info`, `success`, `warning`, `summary`) go to standard output, `notice` and
    /// `failure` to standard error.
    enum Kind: Sendable {
        case info, success, warning, notice, failure, summary
    }

    private let json: Bool
    private let colorsOut: Bool
    private let colorsErr: Bool
    private let showsProgress: Bool
    private var progress: (done: Int, total: Int, label: String)?
    private var progressShown = false

    /// - Parameters:
    ///   - json: print JSON lines instead of human lines.
    ///   - environment: the process environment, read for `NO_COLOR` and `TERM`.
    init(json: Bool, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.json = json
        let noColor = !(environment["NO_COLOR"] ?? "").isEmpty || environment["TERM"] == "dumb"
        let stdoutIsTerminal = isatty(STDOUT_FILENO) == 1
        let stderrIsTerminal = isatty(STDERR_FILENO) == 1
        colorsOut = !json && !noColor && stdoutIsTerminal
        colorsErr = !json && !noColor && stderrIsTerminal
        showsProgress = !json && stderrIsTerminal && environment["TERM"] != "dumb"
    }

    /// Prints one event: `text` for people, `{"event": name, ...fields}` for `--json`.
    func emit(_ kind: Kind, _ name: String, _ text: String, _ fields: [String: JSONValue] = [:]) {
        if json {
            var object = fields
            object["event"] = .string(name)
            write(JSONValue.object(object).compactText + "\n", toError: false)
            return
        }
        clearProgress()
        let toError = kind == .notice || kind == .failure
        let colored = (toError ? colorsErr : colorsOut) ? Self.colorize(text, kind) : text
        write(colored + "\n", toError: toError)
        drawProgress()
    }

    /// Updates the progress bar (terminal only).
    func setProgress(done: Int, total: Int, label: String = "") {
        guard showsProgress, total > 0 else { return }
        progress = (done, total, label)
        clearProgress()
        drawProgress()
    }

    /// Removes the progress bar for good, before the closing line.
    func finishProgress() {
        clearProgress()
        progress = nil
    }

    private func drawProgress() {
        guard showsProgress, let progress else { return }
        let width = 30
        let filled = progress.total == 0 ? 0 : width * progress.done / progress.total
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        write("[\(bar)] \(progress.done)/\(progress.total) \(progress.label)", toError: true)
        progressShown = true
    }

    private func clearProgress() {
        guard progressShown else { return }
        write("\r\u{1B}[2K", toError: true)
        progressShown = false
    }

    private func write(_ text: String, toError: Bool) {
        let handle = toError ? FileHandle.standardError : FileHandle.standardOutput
        handle.write(Data(text.utf8))
    }

    private static func colorize(_ text: String, _ kind: Kind) -> String {
        let code: String
        switch kind {
        case .info: return text
        case .success: code = "32"
        case .warning, .notice: code = "33"
        case .failure: code = "31"
        case .summary: code = "1"
        }
        return "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }
}
