import Foundation
import OutpostProtocol

/// A pull page as the wire carries it: its body in the layout of the request's protocol
/// version, and where it ends (sent ahead of the body as `NextPageHeaders`).
public struct EncodedPullPage: Sendable, Equatable {
    /// The page's JSON.
    public var body: [UInt8]
    /// Where the page ends.
    public var end: NextPageHeaders

    /// `page` in `layout`: written directly when it is plain (`PullPageWriter`), else by
    /// `JSONEncoder`.
    public init(_ page: PullPage, layout: PullPageWriter.Layout) throws {
        end = NextPageHeaders(of: page)
        switch layout {
        case .compact:
            body = try WireFastEncoding.compactPullPage(page) ?? Array(WireCoding.makeEncoder().encode(CompactPullPage(page)))
        case .plain:
            body = try WireFastEncoding.pullPage(page) ?? Array(WireCoding.makeEncoder().encode(page))
        }
    }

    /// A page written by `PullPageWriter`.
    public init(body: [UInt8], end: NextPageHeaders) {
        self.body = body
        self.end = end
    }
}
