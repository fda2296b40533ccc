import Crypto
import Foundation

/// Per-device bearer tokens: 32 random bytes, base64url without padding. The server stores
/// only a token's SHA-256 hash, so a copy of the database does not let anyone sign in.
public enum DeviceToken {
    /// A new token from the system's secure random source.
    public static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// The token's SHA-256 hash as 64 lowercase hex digits: what the store keeps and looks up.
    public static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
