/// Where the next page starts, sent as two headers of a pull answer (`spec.md` §12.4): a
/// client reads them before the body and asks for the next page while it still decodes this
/// one. They always equal the body's `nextCursor` and `hasMore`; the body is what counts.
///
/// ```
/// Outpost-Next-Cursor: c1.2.2
/// Outpost-Has-More: false
/// ```
public struct NextPageHeaders: Hashable, Sendable {
    /// The header holding the page's `nextCursor`.
    public static let cursorName = "Outpost-Next-Cursor"
    /// The header holding the page's `hasMore` (`true` or `false`).
    public static let hasMoreName = "Outpost-Has-More"

    /// The page's `nextCursor`.
    public var nextCursor: PullCursor
    /// The page's `hasMore`.
    public var hasMore: Bool

    /// The headers announcing `page`'s end.
    public init(of page: PullPage) {
        self.init(nextCursor: page.nextCursor, hasMore: page.hasMore)
    }

    /// The headers announcing a page that ends at `nextCursor`.
    public init(nextCursor: PullCursor, hasMore: Bool) {
        self.nextCursor = nextCursor
        self.hasMore = hasMore
    }

    /// Reads the headers of an answer; nil when either is missing or malformed (an older
    /// server sends neither: the client then reads the body first).
    public init?(cursor: String?, hasMore: String?) {
        guard let cursor, !cursor.isEmpty, let hasMore, let more = Bool(hasMore) else { return nil }
        nextCursor = PullCursor(rawValue: cursor)
        self.hasMore = more
    }

    /// The headers as (name, value) pairs, or nil when the cursor holds a character a header
    /// cannot carry as it is (the server then sends none; cursors it makes never do).
    public var fields: [(name: String, value: String)]? {
        guard nextCursor.rawValue.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else { return nil }
        return [(Self.cursorName, nextCursor.rawValue), (Self.hasMoreName, hasMore ? "true" : "false")]
    }

    /// Whether `page` ends where these headers said it would.
    public func matches(_ page: PullPage) -> Bool {
        page.nextCursor == nextCursor && page.hasMore == hasMore
    }
}
