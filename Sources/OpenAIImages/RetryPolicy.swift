import Foundation

/// When and how long to wait before trying a failed request again, as the official SDKs do.
///
/// Retried: connection errors, timeouts, and the statuses 408, 409, 429 and 5xx, unless the
/// answer says `x-should-retry: false` (and any status when it says `true`). The wait is the
/// server's `retry-after-ms` or `retry-after` (seconds or an HTTP date) when it lies in
/// (0, 60] s; otherwise `initialDelay × 2^retry`, capped at `maxDelay`, less up to 25 % jitter.
///
/// ```swift
/// let fast = RetryPolicy.exponential(maxRetries: 4, initialDelay: .milliseconds(50))
/// let never = RetryPolicy.none
/// ```
public struct RetryPolicy: Sendable, Hashable {
    /// Retries after the first attempt (so `maxRetries + 1` attempts at most). Default 2.
    public var maxRetries: Int
    /// The first backoff delay. Default 0.5 s.
    public var initialDelay: Duration
    /// The longest backoff delay. Default 8 s.
    public var maxDelay: Duration
    /// The largest fraction taken off a backoff delay at random, 0–1. Default 0.25.
    public var jitter: Double
    /// Server-given delays above this are ignored in favour of the backoff. Default 60 s.
    public var maxServerDelay: Duration

    /// Creates one from its parts; what is left unset stays unset.
    public init(
        maxRetries: Int = 2, initialDelay: Duration = .milliseconds(500), maxDelay: Duration = .seconds(8),
        jitter: Double = 0.25, maxServerDelay: Duration = .seconds(60)
    ) {
        self.maxRetries = max(0, maxRetries)
        self.initialDelay = initialDelay
        self.maxDelay = maxDelay
        self.jitter = min(max(jitter, 0), 1)
        self.maxServerDelay = maxServerDelay
    }

    /// Two retries, 0.5 s doubling to 8 s, 25 % jitter.
    public static let `default` = RetryPolicy()
    /// Never retry.
    public static let none = RetryPolicy(maxRetries: 0)

    /// Exponential backoff with the given limits.
    public static func exponential(
        maxRetries: Int, initialDelay: Duration = .milliseconds(500), maxDelay: Duration = .seconds(8), jitter: Double = 0.25
    ) -> RetryPolicy {
        RetryPolicy(maxRetries: maxRetries, initialDelay: initialDelay, maxDelay: maxDelay, jitter: jitter)
    }

    /// Whether an HTTP answer with this status and these headers should be retried.
    public func shouldRetry(status: Int, headers: [(String, String)]) -> Bool {
        switch Self.header("x-should-retry", in: headers)?.lowercased() {
        case "true": return true
        case "false": return false
        default: return status == 408 || status == 409 || status == 429 || status >= 500
        }
    }

    /// The wait before retry number `retry` (0 for the first retry), from the headers of the
    /// failed answer when they give one.
    public func delay(beforeRetry retry: Int, headers: [(String, String)] = [], now: Date = Date()) -> Duration {
        if let serverDelay = Self.serverDelay(headers: headers, now: now), serverDelay > .zero, serverDelay <= maxServerDelay {
            return serverDelay
        }
        return backoff(beforeRetry: retry, random: Double.random(in: 0..<1))
    }

    /// The backoff without a server delay; `random` in [0, 1) picks the jitter.
    public func backoff(beforeRetry retry: Int, random: Double) -> Duration {
        let base = min(initialDelay.seconds * pow(2, Double(max(0, min(retry, 30)))), maxDelay.seconds)
        return .seconds(base * (1 - jitter * random))
    }

    /// The delay a failed answer asks for: `retry-after-ms`, else `retry-after` in seconds or as an HTTP date.
    public static func serverDelay(headers: [(String, String)], now: Date = Date()) -> Duration? {
        if let text = header("retry-after-ms", in: headers), let milliseconds = Double(text.trimmingCharacters(in: .whitespaces)),
            milliseconds.isFinite
        {
            return .milliseconds(milliseconds)
        }
        guard let text = header("retry-after", in: headers)?.trimmingCharacters(in: .whitespaces) else { return nil }
        if let seconds = Double(text), seconds.isFinite { return .seconds(seconds) }
        if let date = httpDate(text) { return .seconds(date.timeIntervalSince(now)) }
        return nil
    }

    static func header(_ name: String, in headers: [(String, String)]) -> String? {
        headers.first { $0.0.lowercased() == name }?.1
    }

    /// Parses an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), the form HTTP dates take.
    static func httpDate(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        for format in ["EEE, dd MMM yyyy HH:mm:ss zzz", "EEEE, dd-MMM-yy HH:mm:ss zzz", "EEE MMM d HH:mm:ss yyyy"] {
            formatter.dateFormat = format
            if let date = formatter.date(from: text) { return date }
        }
        return nil
    }
}

extension Duration {
    /// The duration in seconds, as a `Double`.
    var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
