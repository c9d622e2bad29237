#include "appsettings.h"

#include <QFileInfo>

namespace {
const auto kServerUrl = QStringLiteral("connection/serverUrl");
const auto kToken = QStringLiteral("connection/token");
const auto kGeometry = QStringLiteral("window/geometry");
const auto kState = QStringLiteral("window/state");
const auto kCounterSplitter = QStringLiteral("window/counterSplitter");
const auto kTab = QStringLiteral("window/tab");
const auto kUsername = QStringLiteral("connection/username");
const auto kRole = QStringLiteral("connection/role");

// One key per server: scheme, host and port, never a path or credentials.
QString pinKey(const QUrl &server)
{
    const QString origin = server
                               .adjusted(QUrl::RemovePath | QUrl::RemoveQuery |
                                         QUrl::RemoveFragment | QUrl::RemoveUserInfo)
                               .toString(QUrl::FullyEncoded);
    return QStringLiteral("pinnedCertificates/") +
           QString::fromLatin1(origin.toUtf8().toBase64(QByteArray::Base64UrlEncoding));
}
} // namespace

AppSettings::AppSettings()
    : m_settings(
          std::make_unique<QSettings>(QStringLiteral("BoxOffice"), QStringLiteral("boxoffice")))
{
}

AppSettings::AppSettings(const QString &iniFile)
    : m_settings(std::make_unique<QSettings>(iniFile, QSettings::IniFormat)),
      m_tokenDirectory(QFileInfo(iniFile).absolutePath())
{
}

QUrl AppSettings::serverUrl() const
{
    const QUrl url = m_settings->value(kServerUrl).toUrl();
    return url.isValid() && !url.host().isEmpty() ? url : defaultServerUrl();
}

void AppSettings::setServerUrl(const QUrl &url)
{
    m_settings->setValue(kServerUrl, url);
}

QByteArray AppSettings::takeLegacyToken()
{
    const QByteArray token = m_settings->value(kToken).toByteArray();
    m_settings->remove(kToken);
    return token;
}

QString AppSettings::lastRole() const
{
    return m_settings->value(kRole).toString();
}

void AppSettings::setLastRole(const QString &role)
{
    m_settings->setValue(kRole, role);
}

QString AppSettings::lastUsername() const
{
    return m_settings->value(kUsername).toString();
}

void AppSettings::setLastUsername(const QString &name)
{
    m_settings->setValue(kUsername, name);
}

QByteArray AppSettings::pinnedCertificate(const QUrl &server) const
{
    return QByteArray::fromHex(m_settings->value(pinKey(server)).toByteArray());
}

void AppSettings::setPinnedCertificate(const QUrl &server, const QByteArray &sha256)
{
    if (sha256.isEmpty())
        m_settings->remove(pinKey(server));
    else
        m_settings->setValue(pinKey(server), sha256.toHex());
}

QByteArray AppSettings::windowGeometry() const
{
    return m_settings->value(kGeometry).toByteArray();
}

QByteArray AppSettings::windowState() const
{
    return m_settings->value(kState).toByteArray();
}

QByteArray AppSettings::counterSplitterState() const
{
    return m_settings->value(kCounterSplitter).toByteArray();
}

int AppSettings::currentTab() const
{
    return m_settings->value(kTab, 0).toInt();
}

void AppSettings::saveWindow(const QByteArray &geometry, const QByteArray &state,
                             const QByteArray &counterSplitter, int tab)
{
    m_settings->setValue(kGeometry, geometry);
    m_settings->setValue(kState, state);
    m_settings->setValue(kCounterSplitter, counterSplitter);
    m_settings->setValue(kTab, tab);
}
