import Foundation

extension ImagesClient {
    /// How the client reaches the API, configured like the official SDKs and overridable in code.
    ///
    /// ```swift
    /// var configuration = try ImagesClient.Configuration.fromEnvironment()
    /// configuration.timeout = .seconds(120)
    /// configuration.retryPolicy = .exponential(maxRetries: 5)
    /// ```
    public struct Configuration: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
        /// The secret key, sent as `Authorization: Bearer …` to the API only. Never printed.
        public var apiKey: String
        /// The API root; default `https://api.openai.com/v1`. Any OpenAI-compatible server works.
        public var baseURL: URL
        /// Sent as `OpenAI-Organization` when set.
        public var organization: String?
        /// Sent as `OpenAI-Project` when set.
        public var project: String?
        /// The longest one attempt may take, body included. Default 600 s: high-quality images take minutes.
        public var timeout: Duration
        /// When to retry. Default: 2 retries, SDK backoff.
        public var retryPolicy: RetryPolicy
        /// The largest answer accepted, in bytes. Default 512 MiB (ten 4K PNGs fit).
        public var maxResponseBytes: Int
        /// The largest input image accepted (file, URL or base64), in bytes. Default 50 MB, the API's limit.
        public var maxInputImageBytes: Int
        /// The most redirects an input URL may take. Default 3.
        public var maxDownloadRedirects: Int
        /// The longest an input URL download may take. Default 60 s.
        public var downloadTimeout: Duration
        /// Sent as `User-Agent`.
        public var userAgent: String

        /// The default API root.
        public static let defaultBaseURL = URL(string: "https://api.openai.com/v1")!

        /// Creates one from its parts; what is left unset stays unset.
        public init(
            apiKey: String, baseURL: URL = Configuration.defaultBaseURL, organization: String? = nil, project: String? = nil,
            timeout: Duration = .seconds(600), retryPolicy: RetryPolicy = .default, maxResponseBytes: Int = 512 * 1024 * 1024,
            maxInputImageBytes: Int = RequestValidator.maxImageBytes, maxDownloadRedirects: Int = 3,
            downloadTimeout: Duration = .seconds(60), userAgent: String = "gptimg/1.0"
        ) {
            self.apiKey = apiKey
            self.baseURL = baseURL
            self.organization = organization
            self.project = project
            self.timeout = timeout
            self.retryPolicy = retryPolicy
            self.maxResponseBytes = maxResponseBytes
            self.maxInputImageBytes = maxInputImageBytes
            self.maxDownloadRedirects = maxDownloadRedirects
            self.downloadTimeout = downloadTimeout
            self.userAgent = userAgent
        }

        /// Maximum retries (a shortcut into ``retryPolicy``).
        public var maxRetries: Int {
            get { retryPolicy.maxRetries }
            set { retryPolicy.maxRetries = max(0, newValue) }
        }

        /// Reads `OPENAI_API_KEY`, `OPENAI_BASE_URL`, `OPENAI_ORG_ID` and `OPENAI_PROJECT_ID`.
        ///
        /// - Throws: ``ImagesAPIError/missingAPIKey`` when `OPENAI_API_KEY` is unset or empty,
        ///   ``ImagesAPIError/invalidConfiguration(reason:)`` when `OPENAI_BASE_URL` is not an http(s) URL.
        public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws(ImagesAPIError) -> Configuration {
            func value(_ name: String) -> String? {
                guard let text = environment[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { return nil }
                return text
            }
            guard let key = value("OPENAI_API_KEY") else { throw .missingAPIKey }
            var configuration = Configuration(apiKey: key)
            if let base = value("OPENAI_BASE_URL") {
                guard let url = URL(string: base), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", url.host != nil else {
                    throw .invalidConfiguration(reason: "OPENAI_BASE_URL must be an http(s) URL such as https://api.openai.com/v1 (got \(base))")
                }
                configuration.baseURL = url
            }
            configuration.organization = value("OPENAI_ORG_ID")
            configuration.project = value("OPENAI_PROJECT_ID")
            return configuration
        }

        /// Everything but the key.
        public var description: String {
            "Configuration(baseURL: \(baseURL.absoluteString), organization: \(organization ?? "-"), project: \(project ?? "-"), "
                + "timeout: \(timeout.seconds) s, maxRetries: \(retryPolicy.maxRetries), apiKey: [redacted])"
        }

        /// Everything but the key, also for `debugPrint` and `dump`-like reflection.
        public var debugDescription: String { description }
    }
}
