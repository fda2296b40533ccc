import OutpostCore
import OutpostProtocol

/// The server's storage: rows with per-field stamps, the commit-ordered change log, the
/// conflict log, and per-device push bookkeeping. One protocol, several stores (embedded
/// SQLite today; PostgreSQL joins it), all driven by the same merge code in OutpostCore.
public protocol ChangeStore: Sendable {
    /// Records that `device` of `user` shook hands, with its measured clock skew.
    /// - Throws: `ServerError.deviceMismatch` when the device belongs to another user.
    func registerDevice(_ device: DeviceID, user: UserID, skewMilliseconds: Int64, serverNow: Int64) async throws

    /// Applies a push exactly once: entries already answered get their first answer again.
    /// - Throws: `ServerError.deviceMismatch`, `ServerError.malformedRequest` (sequences not increasing).
    func apply(_ push: PushRequest, author: UserID, serverNow: Int64) async throws -> PushResponse

    /// Reads the page of changes after `cursor` (nil: from the beginning).
    /// - Throws: `ServerError.invalidCursor` or `.cursorAhead`.
    func pull(after cursor: PullCursor?, limit: Int) async throws -> PullPage

    /// The conflicts `user` lost, after a conflict-log position.
    func conflicts(lostBy user: UserID, after position: Int64, limit: Int) async throws -> ConflictList

    /// What the server has seen of a device's clock, or nil for an unknown device.
    func clockReport(for device: DeviceID) async throws -> DeviceClockReport?
}

/// What the server has measured of one device's clock (DESIGN "Clocks": the skew seen per
/// device is recorded).
public struct DeviceClockReport: Hashable, Sendable {
    /// The device's owner.
    public var user: UserID
    /// Skew measured at the last handshake (device clock minus server clock), in ms.
    public var handshakeSkewMilliseconds: Int64
    /// The largest lead of a pushed clock over the server clock, in ms.
    public var largestPushSkewMilliseconds: Int64
    /// How many pushed clocks were clamped.
    public var clampedWrites: Int64
}

/// How cursors look inside: `"c1.<position>"`. Clients treat them as opaque text.
enum CursorFormat {
    static func cursor(at position: Int64) -> PullCursor {
        PullCursor(rawValue: "c1.\(position)")
    }

    static func position(of cursor: PullCursor?) throws -> Int64 {
        guard let cursor else { return 0 }
        guard cursor.rawValue.hasPrefix("c1."), let position = Int64(cursor.rawValue.dropFirst(3)), position >= 0 else {
            throw ServerError.invalidCursor(cursor.rawValue)
        }
        return position
    }
}
