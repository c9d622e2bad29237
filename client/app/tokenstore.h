#pragma once

#include <QByteArray>
#include <QString>

// Where the client keeps the session or API token between runs: the platform
// keyring (QtKeychain) when one answers, else a file only its user may read,
// <AppDataLocation>/session-token, created mode 0600 before the first byte is
// written. Never QSettings: the settings file is world-readable on many desktops
// and ends up in backups and support bundles.
//
// The keyring is asked synchronously (its jobs are waited for with a bound), as
// the token is read once at start and written once per login.
class TokenStore
{
public:
    enum class Backend
    {
        Auto,     // the keyring if it answers, else the file
        FileOnly, // tests and machines without a keyring: never touches D-Bus
    };

    // `directory` empty: QStandardPaths::AppDataLocation.
    explicit TokenStore(Backend backend = Backend::Auto, const QString &directory = {});

    QByteArray load();
    // False when neither the keyring nor the file could keep it (see errorString()).
    bool save(const QByteArray &token);
    // Forgets the token everywhere it may be (logout).
    void clear();

    // Where the last load/save put or found the token.
    bool usedKeyring() const { return m_usedKeyring; }
    QString filePath() const;
    QString errorString() const { return m_error; }

private:
    bool keyringWanted() const;
    QByteArray loadFile();
    bool saveFile(const QByteArray &token);

    Backend m_backend;
    QString m_directory;
    bool m_usedKeyring = false;
    QString m_error;
};
