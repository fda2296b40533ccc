import OutpostProtocol

/// A sync request that did not get a usable answer, said so a person knows what to do.
public enum TransportError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No answer within the time limit.
    case timedOut(url: String, seconds: Double)
    /// The server could not be reached at all.
    case cannotConnect(url: String, reason: String)
    /// The server answered with a problem (a stable code and a message).
    case server(ProblemDetails)
    /// The server answered with something that is not a protocol message.
    case unexpectedAnswer(url: String, status: Int, reason: String)

    public var description: String {
        switch self {
        case let .timedOut(url, seconds):
            "No answer from \(url) within \(Int(seconds)) s. Your changes are kept; sync again when the network is better."
        case let .cannotConnect(url, reason):
            "Cannot reach \(url) (\(reason)). Your changes are kept; sync again when you are online."
        case .server(let problem):
            "\(problem.title) [\(problem.code)]: \(problem.detail)"
        case let .unexpectedAnswer(url, status, reason):
            "\(url) answered HTTP \(status), which is not an Outpost answer (\(reason)). Check the server address."
        }
    }
}
