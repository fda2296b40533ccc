import OutpostProtocol

/// A pull page read and decoded by the sync engine, with the request for the page after it
/// already on its way, so the server reads and encodes that one while this one is written.
struct DecodedPullPage: Sendable {
    /// The page's rows.
    let page: PullPage
    /// Where the page ends: as its answer's headers announced it, or as read from the page.
    let end: NextPageHeaders
    /// The request for the page after this one; nil when there is none.
    let following: Task<ArrivingPullPage, any Error>?
}
