#pragma once

#include <QByteArray>
#include <QSettings>
#include <QUrl>

#include <memory>

// What the client remembers between runs: the server, the certificate pinned for
// it, the last user name and the window layout. Never a token: those live in the
// TokenStore (keyring or an owner-only file), as a settings file is often
// readable by others and copied around.
class AppSettings
{
public:
    AppSettings(); // the user's settings (organisation "BoxOffice", application "boxoffice")
    explicit AppSettings(const QString &iniFile); // tests and portable installs

    QUrl serverUrl() const;
    void setServerUrl(const QUrl &url);
    // A token an older client kept here; removed from the settings as it is read.
    QByteArray takeLegacyToken();

    // The role the server confirmed last (not a secret: the server decides anyway).
    QString lastRole() const;
    void setLastRole(const QString &role);
    QString lastUsername() const;
    void setLastUsername(const QString &name);
    // SHA-256 of the one certificate trusted for `server` whatever its chain ("" = none).
    QByteArray pinnedCertificate(const QUrl &server) const;
    void setPinnedCertificate(const QUrl &server, const QByteArray &sha256);

    QByteArray windowGeometry() const;
    QByteArray windowState() const;
    QByteArray counterSplitterState() const;
    int currentTab() const;
    void saveWindow(const QByteArray &geometry, const QByteArray &state,
                    const QByteArray &counterSplitter, int tab);

    void sync() { m_settings->sync(); }

    // Where a portable install (the ini-file constructor) keeps its token file, next
    // to its settings; "" for the user's settings, whose token goes to the keyring.
    QString tokenDirectory() const { return m_tokenDirectory; }

    static QUrl defaultServerUrl() { return QUrl(QStringLiteral("http://localhost:3000")); }

private:
    std::unique_ptr<QSettings> m_settings;
    QString m_tokenDirectory;
};
