import OutpostCore

/// The clock each lead field holds on the server, as far as the bench's own writes know: the
/// seed clocks, then whatever S2 wrote. A write that names the current clock as its `base`
/// is a clean fast-forward; one that names none is concurrent and lands in the conflict log.
struct ClockBook {
    private let dataset: BenchDataset
    private let seedDevices: [DeviceID]
    private var written: [Int: HLCTimestamp] = [:]

    init(dataset: BenchDataset, users: BenchUsers) {
        self.dataset = dataset
        seedDevices = users.all.map(\.seedDevice)
    }

    /// The clock the seed gave field number `counter` of a row: the creation time, the
    /// field's position, and the creator's device.
    static func seedClock(of row: BenchRow, counter: Int, device: DeviceID) -> HLCTimestamp {
        HLCTimestamp(wallMilliseconds: row.createdAt, counter: UInt32(counter), deviceID: device)
    }

    /// The current clock of `field` of lead `leadIndex` (nil when it was never written).
    func current(leadIndex: Int, field: FieldName) -> HLCTimestamp? {
        if let clock = written[key(leadIndex, field)] { return clock }
        let lead = dataset.leads[leadIndex]
        guard let position = lead.values.firstIndex(where: { $0.field == field }) else { return nil }
        return Self.seedClock(of: lead, counter: position, device: seedDevices[lead.creator])
    }

    /// Notes that `clock` is now the field's current clock.
    mutating func record(_ clock: HLCTimestamp, leadIndex: Int, field: FieldName) {
        written[key(leadIndex, field)] = clock
    }

    private func key(_ leadIndex: Int, _ field: FieldName) -> Int {
        leadIndex * Workloads.updatedFields.count + (Workloads.updatedFields.firstIndex(of: field) ?? 0)
    }
}
