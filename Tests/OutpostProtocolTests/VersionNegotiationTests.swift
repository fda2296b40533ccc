import Foundation
import OutpostProtocol
import Testing

/// The handshake picks the highest protocol version both sides speak, or none (spec:
/// "Handshake and version negotiation").
@Suite struct VersionNegotiationTests {
    @Test(arguments: [
        // client range, server range, agreed version
        (VersionRange(minimum: 1, maximum: 1), 1...1, 1),
        (VersionRange(minimum: 1, maximum: 3), 1...2, 2),   // newer client, older server
        (VersionRange(minimum: 1, maximum: 2), 1...3, 2),   // older client, newer server
        (VersionRange(minimum: 2, maximum: 5), 1...3, 3),
        (VersionRange(minimum: 3, maximum: 3), 3...3, 3),
        (VersionRange(minimum: 0, maximum: 9), 4...6, 6),
    ])
    func bothSidesAgreeOnTheHighestCommonVersion(client: VersionRange, server: ClosedRange<Int>, agreed: Int) {
        #expect(ProtocolVersion.negotiate(client: client, server: server) == agreed)
    }

    @Test(arguments: [
        (VersionRange(minimum: 3, maximum: 4), 1...2),   // client too new
        (VersionRange(minimum: 0, maximum: 0), 1...2),   // client too old
        (VersionRange(minimum: 2, maximum: 1), 1...3),   // an empty (inverted) client range
        (VersionRange(minimum: 1, maximum: 1), 2...2),
    ])
    func rangesThatDoNotOverlapAgreeOnNothing(client: VersionRange, server: ClosedRange<Int>) {
        #expect(ProtocolVersion.negotiate(client: client, server: server) == nil)
    }

    @Test func thisBuildAgreesWithItselfOnItsCurrentVersion() {
        #expect(ProtocolVersion.supported.contains(ProtocolVersion.current))
        #expect(ProtocolVersion.negotiate(client: VersionRange(ProtocolVersion.supported)) == ProtocolVersion.current)
    }

    @Test func versionHeaderIsOutpostProtocol() {
        #expect(ProtocolVersion.headerName == "Outpost-Protocol")
    }

    @Test func versionRangeTravelsAsMinimumAndMaximum() throws {
        let encoded = try WireCoding.makeEncoder().encode(VersionRange(1...3))
        // Compared as a dictionary: Foundation's JSONEncoder does not keep key order on Linux.
        #expect(try JSONDecoder().decode([String: Int].self, from: encoded) == ["minimum": 1, "maximum": 3])
        #expect(try WireCoding.makeDecoder().decode(VersionRange.self, from: encoded) == VersionRange(minimum: 1, maximum: 3))
    }
}
