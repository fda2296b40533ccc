import OutpostProtocol

/// A pull answer as it arrives, before its rows are read. When the server announced where the
/// next page starts (`NextPageHeaders`), the sync engine asks for that page first and reads
/// this one while the server prepares it.
public struct ArrivingPullPage: Sendable {
    /// Where the next page starts, as the answer's headers said; nil when they did not.
    public let announced: NextPageHeaders?
    private let read: @Sendable () throws -> PullPage

    /// An answer whose rows `read` decodes (throwing when the body is not a page). The sync
    /// engine refuses a page that does not end where `announced` said.
    public init(announced: NextPageHeaders?, read: @escaping @Sendable () throws -> PullPage) {
        self.announced = announced
        self.read = read
    }

    /// An answer already read (a transport without headers ahead of the body).
    public init(_ page: PullPage) {
        self.init(announced: nil, read: { page })
    }

    /// The page's rows, decoded now.
    public func page() throws -> PullPage {
        try read()
    }
}
