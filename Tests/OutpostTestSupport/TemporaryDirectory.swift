import Foundation

/// A fresh directory under the system's temporary directory, for one test's files.
public func makeTemporaryDirectory(_ label: String = "outpost-test") throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
