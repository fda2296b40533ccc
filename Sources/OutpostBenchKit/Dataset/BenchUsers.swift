import Foundation
import OutpostCore
import OutpostServer

/// The salespeople the bench server knows: `u-bench-01` … with their tokens, and the device
/// each one seeded the data set from.
struct BenchUsers: Sendable {
    /// One user.
    struct User: Sendable {
        var id: UserID
        var name: String
        var token: String
        /// The device the user created their rows on (a laptop's UUID-shaped id).
        var seedDevice: DeviceID
    }

    let all: [User]

    init(count: Int, seed: UInt64) {
        var random = SeededGenerator(seed: seed ^ 0x05E2_5EED)
        all = (1...count).map { number in
            let suffix = number < 10 ? "0\(number)" : "\(number)"
            return User(id: Self.id(ofUserAt: number - 1), name: "Bench \(suffix)", token: "bench-token-\(suffix)-\(random.next() % 1_000_000)",
                        seedDevice: DeviceID(random.deviceID()))
        }
    }

    /// The id of the user at `index` (0-based): `u-bench-01` for 0.
    static func id(ofUserAt index: Int) -> UserID {
        let number = index + 1
        return UserID("u-bench-" + (number < 10 ? "0\(number)" : "\(number)"))
    }

    /// The server's token directory.
    var directory: TokenDirectory {
        TokenDirectory(all.map { TokenDirectory.Entry(userID: $0.id, name: $0.name, token: $0.token) })
    }

    /// Writes the users file `outpost-server --users` reads.
    func writeUsersFile(to url: URL) throws {
        let entries = all.map { TokenDirectory.Entry(userID: $0.id, name: $0.name, token: $0.token) }
        try JSONEncoder().encode(entries).write(to: url)
    }
}
