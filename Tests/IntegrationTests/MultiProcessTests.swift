import Foundation
import OutpostCore
import OutpostServer
import OutpostTestSupport
import Testing

/// Several stateless `outpost-server` processes on one PostgreSQL database (DESIGN "Storage"):
/// laptops that alternate between them converge exactly as with one server.
@Suite struct MultiProcessTests {
    @Test func laptopsAlternatingBetweenTwoServerProcessesConvergeAsWithOne() async throws {
        let cluster = try await TestPostgres.shared()
        let database = try await cluster.createDatabase()
        let directory = try makeTemporaryDirectory("outpost-multiprocess")
        defer { try? FileManager.default.removeItem(at: directory) }   // best effort: the verdict is decided
        let usersFile = directory.appendingPathComponent("users.json")
        try JSONEncoder().encode([DemoUsers.wang, DemoUsers.zhao, DemoUsers.sun]).write(to: usersFile)
        let arguments = ["--users", usersFile.path, "--db", cluster.url(database: database)]

        // Both start at once: they migrate the empty database concurrently.
        let started = await withTaskGroup(of: Result<ServerProcess, any Error>.self) { group in
            for _ in 0..<2 {
                group.addTask {
                    do { return .success(try await ServerProcess.start(arguments)) } catch { return .failure(error) }
                }
            }
            var results: [Result<ServerProcess, any Error>] = []
            for await result in group { results.append(result) }
            return results
        }
        let servers = started.compactMap { try? $0.get() }
        defer { servers.forEach { $0.stop() } }
        for result in started { _ = try result.get() }   // a process that did not start fails the test, with its output

        try await withPostgresStores(1, database: database) { stores in
            let now = Int64(Date().timeIntervalSince1970 * 1000)
            let view = RunningServer(url: servers[0].url, store: stores[0], kind: .postgres,
                                     storeLocation: cluster.url(database: database), clock: ManualClock(now), directory: directory)
            let laptops = try [DemoUsers.wang, DemoUsers.zhao, DemoUsers.sun].enumerated().map { index, user in
                try Laptop("laptop-\(index)", user: user, serverURL: servers[index % 2].url, directory: directory, clock: ManualClock(now))
            }
            let shared = try laptops[0].addLead(["contact_name": "共享家长"])
            try await laptops[0].sync()
            var created: Set<RowID> = [shared]
            let rounds = 4
            for round in 0..<rounds {
                for (index, laptop) in laptops.enumerated() {
                    laptop.clock.advance(by: 1000)
                    created.insert(try laptop.addLead(["contact_name": "家长 \(index)-\(round)"]))
                    created.insert(try laptop.addLead(["contact_name": "学生家长 \(index)-\(round)", "remark": "round \(round)"]))
                    if try laptop.lead(shared) != nil {
                        try laptop.editLead(shared, ["remark": "\(laptop.user.name) in round \(round)"])
                    }
                }
                // Each laptop talks to the other process than in the round before.
                for (index, laptop) in laptops.enumerated() {
                    try await laptop.sync(through: laptop.transport(to: servers[(round + index) % 2].url))
                }
            }
            for pass in 0..<2 {
                for (index, laptop) in laptops.enumerated() {
                    try await laptop.sync(through: laptop.transport(to: servers[(pass + index + 1) % 2].url))
                }
            }

            #expect(Set(try await serverRows(view).keys) == created)
            try await expectConverged(laptops, server: view)
        }
        #expect(servers.map { $0.stop() } == [0, 0], "both processes stop cleanly on SIGTERM")
    }
}
