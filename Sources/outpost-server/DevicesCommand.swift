import ArgumentParser
import Foundation
import OutpostCore
import OutpostServer

/// `outpost-server devices …`: the devices signed in with a per-device token, and revoking one.
///
/// ```
/// outpost-server devices list --db store.sqlite --user u-wang
/// outpost-server devices revoke --db store.sqlite 68974a5b-7876-438d-9c7e-4ce6459d5ea7
/// ```
struct DevicesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "devices",
        abstract: "List signed-in devices and revoke their tokens, one device at a time.",
        subcommands: [List.self, Revoke.self])

    /// `devices list`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List every device token, live or revoked (never the tokens themselves).")

        @OptionGroup var storeOption: StoreOption
        @Option(help: "Only this user's devices.") var user: String?
        @Flag(help: "Print JSON instead of a table.") var json = false

        func run() async throws {
            let user = user.map { UserID($0) }
            let records = try await AdminStore.run(storeOption.databasePath) { store in try await store.deviceTokens(of: user) }
            if json {
                print(try AdminOutput.json(records))
                return
            }
            AdminOutput.table(["DEVICE", "USER", "NAME", "SIGNED IN", "LAST USED", "REVOKED"], records.map { record in
                [record.device.rawValue, record.user.rawValue, record.deviceName ?? "—", AdminOutput.time(record.createdAt),
                 record.lastUsedAt.map(AdminOutput.time) ?? "—", record.revokedAt.map(AdminOutput.time) ?? "—"]
            })
        }
    }

    /// `devices revoke`.
    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke one device's token; the device signs in again to sync.")

        @OptionGroup var storeOption: StoreOption
        @Argument(help: "The device id (see `devices list`).") var device: String

        func run() async throws {
            let revoked = try await AdminStore.run(storeOption.databasePath) { store in
                try await administration(store).revoke(DeviceID(device))
            }
            print("Revoked the token of device \(device) (user \(revoked.user.rawValue)).")
        }
    }
}
