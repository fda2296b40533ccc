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

/// How cursors look inside. Clients treat them as opaque text.
///
/// A cursor holds two change-log positions: where the last page ended, and where the pull
/// loop started (`since`). A row written again moves to the end of the log, so a loop that
/// pages past the row's old position meets it only at its new one; the page must then still
/// carry every field written since the loop started, not only since the previous page.
///
/// - `"c1.<position>"`: `since` equals `position` (the end of a finished loop, or a push's
///   log position).
/// - `"c2.<position>.<since>"`: in the middle of a loop that started at `since`.
enum CursorFormat {
    /// A decoded cursor.
    struct Position: Equatable {
        /// Rows after this log position are still to come.
        var after: Int64
        /// Fields written after this position go with the rows.
        var since: Int64
    }

    static func cursor(at position: Int64, since: Int64? = nil) -> PullCursor {
        guard let since, since != position else { return PullCursor(rawValue: "c1.\(position)") }
        return PullCursor(rawValue: "c2.\(position).\(since)")
    }

    static func position(of cursor: PullCursor?) throws -> Int64 {
        try decode(cursor).after
    }

    static func decode(_ cursor: PullCursor?) throws -> Position {
        guard let cursor else { return Position(after: 0, since: 0) }
        let text = cursor.rawValue
        if text.hasPrefix("c1."), let position = Int64(text.dropFirst(3)), position >= 0 {
            return Position(after: position, since: position)
        }
        let parts = text.dropFirst(3).split(separator: ".", omittingEmptySubsequences: false)
        if text.hasPrefix("c2."), parts.count == 2, let position = Int64(parts[0]), let since = Int64(parts[1]),
           since >= 0, since <= position {
            return Position(after: position, since: since)
        }
        throw ServerError.invalidCursor(text)
    }
}
