import Foundation
import OutpostCore

/// A JSON file of rows the server owns (`[{"entity", "id", "values"}]`), such as the demo
/// organisation in `fixtures/demo-org/org.json`: org units, users, pools, courses, trial
/// sessions. `outpost-server --demo` seeds it; an admin can seed their own.
public enum SeedFile {
    /// Reads the rows of a seed file.
    /// - Throws: `SeedError` naming the file when it is not a list of rows.
    public static func load(_ url: URL) throws -> [SeedRow] {
        do {
            return try JSONDecoder().decode([SeedRow].self, from: Data(contentsOf: url))
        } catch {
            throw SeedError(description: "\(url.path) is not a list of {\"entity\", \"id\", \"values\"} rows: \(error)")
        }
    }
}
