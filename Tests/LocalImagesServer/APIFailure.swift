import Foundation

/// An error answer of the API: `{"error": {"message", "type", "param", "code"}}` and its status.
struct APIFailure: Error, Sendable {
    var status: Int
    var type: String
    var code: String?
    var param: String?
    var message: String
    var headers: [String: String] = [:]

    static func invalid(_ param: String?, _ message: String, code: String? = "invalid_value") -> APIFailure {
        APIFailure(status: 400, type: "invalid_request_error", code: code, param: param, message: message)
    }

    var json: Data {
        var error: [String: Any] = ["message": message, "type": type, "param": param ?? NSNull(), "code": code ?? NSNull()]
        error["message"] = message
        return (try? JSONSerialization.data(withJSONObject: ["error": error], options: [.sortedKeys])) ?? Data()
    }
}
