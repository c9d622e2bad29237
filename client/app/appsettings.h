#pragma once

#include <QByteArray>
#include <QSettings>
#include <QUrl>

#include <memory>

// What the client remembers between runs: the server, the admin token and the
// window layout. The token is stored as-is in the user's settings file, like
// any saved password of a desktop tool; the file is only readable by that user.
class AppSettings
{
public:
    AppSettings(); // the user's settings (organisation "BoxOffice", application "boxoffice")
    explicit AppSettings(const QString &iniFile); // tests and portable installs

    QUrl serverUrl() const;
    void setServerUrl(const QUrl &url);
    QByteArray token() const;
    void setToken(const QByteArray &token);

    QByteArray windowGeometry() const;
    QByteArray windowState() const;
    QByteArray counterSplitterState() const;
    int currentTab() const;
    void saveWindow(const QByteArray &geometry, const QByteArray &state,
                    const QByteArray &counterSplitter, int tab);

    void sync() { m_settings->sync(); }

    static QUrl defaultServerUrl() { return QUrl(QStringLiteral("http://localhost:3000")); }

private:
    std::unique_ptr<QSettings> m_settings;
};
