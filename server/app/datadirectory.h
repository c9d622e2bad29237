#pragma once

#include <QString>

// The server's data directory (--data-dir): recognised as ours before anything
// is written or chmodded in it, so a mistaken --data-dir /tmp or /etc is refused
// rather than taken over. Ours means one of:
// - it has the marker file .boxoffice-data (written when the server first uses it),
// - it was made by an earlier version: it has postgresql/ or admin-token,
// - it does not exist yet, or holds nothing but hidden files (a new home
//   directory's skeleton); the server then writes the marker.
// A directory anyone may write to (mode o+w, such as /tmp) is never ours.
// Lives on the main thread.
class DataDirectory
{
public:
    explicit DataDirectory(QString path) : m_path(std::move(path)) {}

    // Creates or recognises the directory and writes the marker. As root, sets
    // its mode to 0711 so the cluster's account can pass through (not list it).
    // Idempotent: later calls return the first answer.
    bool prepare();
    // After a failed start: removes what prepare() created (the directory if it
    // made it, else its marker), never what was there before.
    void discardIfNew();

    QString path() const { return m_path; }
    QString filePath(const QString &name) const { return m_path + QLatin1Char('/') + name; }
    QString errorString() const { return m_error; }

    static constexpr auto kMarker = ".boxoffice-data";

private:
    bool recognise();

    QString m_path;
    QString m_error;
    bool m_prepared = false;
    bool m_ok = false;
    bool m_createdDirectory = false;
    bool m_createdMarker = false;
};
