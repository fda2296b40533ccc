import Foundation
import OutpostCore
import OutpostProtocol
@testable import OutpostServer
import OutpostTestSupport
import PostgresNIO
import Testing

/// Batched pushes on PostgreSQL: 1,000-change pushes all apply and land, and the run prints
/// the push merge rate against PostgreSQL's own staged upsert of the same rows, measured in
/// one run on one database (issue 6 asks for at least a quarter of it). The ratio is printed,
/// not asserted: timing belongs to `outpost-bench`, not to a test on a shared 2-core machine.
///
/// Batches alternate between the two, so both see the same load. `OUTPOST_BENCH_CHANGES` sets
/// the number of field changes and makes this a benchmark run that requires the quarter
/// (measured on a release build:
/// `swift build -c release --build-tests -Xswiftc -enable-testing && OUTPOST_BENCH_CHANGES=100000
/// swift test -c release -Xswiftc -enable-testing --skip-build --filter PostgresPushRateTests`).
@Suite struct PostgresPushRateTests {
    private let batchSize = 1000
    private let logger = Logger(label: "outpost-bench")
    /// A whole new lead (R-1.1: name, a handle, a source) and a remark.
    private let fieldsPerRow = ["contact_name", "wechat_id", "source_channel", "remark"]

    @Test func batchedPushesApplyAndTheirRateIsPrinted() async throws {
        let requested = ProcessInfo.processInfo.environment["OUTPOST_BENCH_CHANGES"].flatMap { Int($0) }
        let total = max(batchSize, requested ?? 10_000)
        let batches = total / batchSize
        let rowsPerBatch = batchSize / fieldsPerRow.count
        let now: Int64 = 1_764_000_000_000
        let device = DeviceID("bench-device")
        let pushes = (0..<batches).map { batch in
            PushRequest(deviceID: device, changes: (0..<rowsPerBatch).flatMap { row in
                fieldsPerRow.enumerated().map { index, field in
                    let sequence = Int64(batch * batchSize + row * fieldsPerRow.count + index + 1)
                    return PushChange(sequence: sequence, entity: EntityName("lead"), rowID: RowID("b\(batch)-r\(row)"),
                                      field: FieldName(field), value: value(of: field, batch: batch, row: row),
                                      clock: HLCTimestamp(wallMilliseconds: now, counter: UInt32(truncatingIfNeeded: sequence), deviceID: device),
                                      base: nil)
                }
            })
        }

        try await withPostgresStores(1) { stores in
            let store = stores[0]
            let baseline = try await StagedUpsert(client: store.client, fields: fieldsPerRow, logger: logger)
            var pushTime = Duration.zero
            var baselineTime = Duration.zero
            for (batch, push) in pushes.enumerated() {
                let pushStart = ContinuousClock.now
                let answer = try await store.apply(push, author: UserID("u-bench"), serverNow: now)
                pushTime += ContinuousClock.now - pushStart
                #expect(answer.results.allSatisfy { $0.status == .applied })
                baselineTime += try await baseline.upsert(batch: batch, rows: rowsPerBatch)
            }
            let pushSeconds = seconds(pushTime)
            let baselineSeconds = seconds(baselineTime)

            let pushRate = Double(batches * batchSize) / pushSeconds
            let baselineRate = Double(batches * batchSize) / baselineSeconds
            print(String(format: "PostgreSQL push merge: %d field changes in batches of %d: %.0f changes/s; staged upsert of the same rows: %.0f changes/s; ratio %.2f",
                         batches * batchSize, batchSize, pushRate, baselineRate, pushRate / baselineRate))
            #expect(try await storeRows(store).count == batches * rowsPerBatch)
            // Only an explicit benchmark run (OUTPOST_BENCH_CHANGES set, release build) holds the
            // issue's quarter; the default suite checks correctness and prints the ratio.
            if requested != nil {
                #expect(pushRate >= baselineRate / 4,
                        "the push merge runs at \(Int(pushRate)) changes/s, under a quarter of the staged upsert's \(Int(baselineRate))")
            }
        }
    }

    // MARK: - Private

    private func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}

/// PostgreSQL's own rate for the same rows: per batch, one transaction that stages the rows
/// from arrays into a temporary table and upserts them into a table shaped like the entity
/// table (same columns, packed stamps), with no merge logic at all.
private struct StagedUpsert {
    let client: PostgresClient
    let fields: [String]
    let logger: Logger
    let stamps: ByteBuffer

    init(client: PostgresClient, fields: [String], logger: Logger) async throws {
        self.client = client
        self.fields = fields
        self.logger = logger
        stamps = ByteBuffer(bytes: FieldStamps(Dictionary(uniqueKeysWithValues: fields.map {
            (FieldName($0), FieldStamp(clock: HLCTimestamp(wallMilliseconds: 1_764_000_000_000, counter: 1, deviceID: DeviceID("bench-device")),
                                       author: UserID("u-bench"), logPosition: 1))
        })).encoded())
        let columns = fields.map { "\($0) TEXT" }.joined(separator: ", ")
        try await client.query(PostgresQuery(unsafeSQL: "CREATE TABLE bench_lead (id TEXT PRIMARY KEY, \(columns), is_deleted BOOLEAN NOT NULL, _stamps BYTEA NOT NULL)"))
    }

    /// Upserts one batch of the rows the push wrote; returns how long it took.
    func upsert(batch: Int, rows: Int) async throws -> Duration {
        var binds = PostgresBindings()
        binds.append((0..<rows).map { "b\(batch)-r\($0)" })
        for index in fields.indices {
            binds.append((0..<rows).map { "家长 \(batch)-\($0)-\(index)" })
        }
        binds.append(Array(repeating: false, count: rows))
        binds.append(Array(repeating: stamps, count: rows))
        let arrays = (1...(fields.count + 3)).map { "$\($0)" }.joined(separator: ", ")
        let names = fields.joined(separator: ", ")
        let updates = (fields + ["is_deleted", "_stamps"]).map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
        let start = ContinuousClock.now
        try await client.withConnection { connection in
            try await connection.query("BEGIN", logger: logger)
            try await connection.query(PostgresQuery(unsafeSQL: "CREATE TEMP TABLE IF NOT EXISTS bench_stage (LIKE bench_lead) ON COMMIT DELETE ROWS"), logger: logger)
            try await connection.query(PostgresQuery(unsafeSQL: "INSERT INTO bench_stage SELECT * FROM unnest(\(arrays))", binds: binds), logger: logger)
            try await connection.query(PostgresQuery(unsafeSQL: """
                INSERT INTO bench_lead (id, \(names), is_deleted, _stamps) SELECT * FROM bench_stage
                ON CONFLICT (id) DO UPDATE SET \(updates)
                """), logger: logger)
            try await connection.query("COMMIT", logger: logger)
        }
        return ContinuousClock.now - start
    }

}

/// The value of one field of the generated leads.
private func value(of field: String, batch: Int, row: Int) -> FieldValue {
    switch field {
    case "wechat_id": .text("wx_\(batch)_\(row)")
    case "source_channel": .text("walk_in")
    default: .text("家长 \(batch)-\(row)")
    }
}
