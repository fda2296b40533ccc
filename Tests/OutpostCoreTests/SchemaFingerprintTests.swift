import OutpostCore
import OutpostDomain
import Testing

/// The fingerprint the spec publishes is the one this build computes (protocol/spec.md §8.4).
@Suite struct SchemaFingerprintTests {
    @Test func theSpecPublishesThisBuildsFingerprint() throws {
        let spec = try String(contentsOfFile: #filePath.replacingOccurrences(of: "Tests/OutpostCoreTests/SchemaFingerprintTests.swift", with: "protocol/spec.md"), encoding: .utf8)
        #expect(spec.contains("fingerprint is **`\(OutpostSchema.current.fingerprint)`**"), "spec.md §8.4 must publish \(OutpostSchema.current.fingerprint)")
    }

    @Test func anyChangeToAFieldChangesTheFingerprint() {
        let base = Schema(version: 1, entities: [EntitySchema("lead", fields: [FieldSchema("a", .text(maximumLength: 5))])])
        let longer = Schema(version: 1, entities: [EntitySchema("lead", fields: [FieldSchema("a", .text(maximumLength: 6))])])
        let policy = Schema(version: 1, entities: [EntitySchema("lead", fields: [FieldSchema("a", .text(maximumLength: 5), policy: .trueWins)])])
        let ruled = Schema(version: 1, entities: [EntitySchema("lead", fields: [FieldSchema("a", .text(maximumLength: 5))],
                                                               rowRules: [.requiresOne(of: ["a"], in: "lead")])])
        #expect(Set([base.fingerprint, longer.fingerprint, policy.fingerprint, ruled.fingerprint]).count == 4)
    }
}
