import OutpostCore
@testable import outpost
import Testing

/// How a value reads in a table cell.
@Suite struct FieldTextTests {
    @Test func aStageReadsAsItsWordWithTheReopenCountOnceReopened() {
        #expect(FieldText.display(StageValue(epoch: 0, stage: "qualified").fieldValue, type: nil) == "qualified")
        #expect(FieldText.display(StageValue(epoch: 2, stage: "negotiation").fieldValue, type: nil) == "negotiation (reopened 2×)")
        #expect(FieldText.display(.text("new"), type: nil) == "new")
        #expect(FieldText.display(.object(["epoch": .integer(0), "note": .text("x")]), type: nil) != "x", "any other object stays as it is")
        #expect(FieldText.display(.integer(1_764_000_000_000), type: .timestamp) == "2025-11-24T16:00:00Z")
    }
}
