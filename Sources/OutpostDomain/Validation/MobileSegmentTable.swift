import Foundation

/// The list of mainland mobile segments by prefix, as versioned data (DOMAIN and §6
/// decision 7): the server owns the current list and replicates it read-only; this app
/// carries a copy (`embedded`, the same text as `fixtures/mobile-segments.json`).
///
/// JSON: `{"version": "2019-12-24", "source": "…", "accepted": ["130", …], "dataOnly": ["140", …]}`.
/// A number is data-only when a `dataOnly` prefix matches (checked first: 146 and 148 lie
/// inside the accepted 14[5-9]), a phone segment when an `accepted` prefix matches, and
/// unknown otherwise.
public struct MobileSegmentTable: Hashable, Sendable, Codable {
    /// The date of the list, such as `2019-12-24`.
    public var version: String
    /// Where the list comes from.
    public var source: String
    /// Prefixes of segments carriers give to phones.
    public var accepted: [String]
    /// Prefixes of data-only and IoT segments.
    public var dataOnly: [String]

    /// Reads a table from its JSON text.
    /// - Throws: `DecodingError` when the text is not such a table, or a prefix is not
    ///   1 followed by digits.
    public init(jsonText: String) throws {
        self = try JSONDecoder().decode(MobileSegmentTable.self, from: Data(jsonText.utf8))
        for prefix in accepted + dataOnly where !(prefix.hasPrefix("1") && prefix.allSatisfy { $0.isASCII && $0.isNumber }) {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "'\(prefix)' is not a mobile prefix: 1 followed by digits."))
        }
    }

    /// The segment of a normalized 11-digit number.
    public func segment(of mobile: String) -> MobileSegment {
        if dataOnly.contains(where: mobile.hasPrefix) { return .dataOnly }
        if accepted.contains(where: mobile.hasPrefix) { return .mobile }
        return .unknown
    }

    /// The copy built into this app (`MobileSegmentTable.embeddedJSON`).
    public static let embedded: MobileSegmentTable = {
        // The text is a constant checked against the fixture by a test: it always decodes.
        do { return try MobileSegmentTable(jsonText: embeddedJSON) } catch { preconditionFailure("embedded segment table: \(error)") }
    }()
}
