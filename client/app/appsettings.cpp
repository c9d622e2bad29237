#include "appsettings.h"

namespace {
const auto kServerUrl = QStringLiteral("connection/serverUrl");
const auto kToken = QStringLiteral("connection/token");
const auto kGeometry = QStringLiteral("window/geometry");
const auto kState = QStringLiteral("window/state");
const auto kCounterSplitter = QStringLiteral("window/counterSplitter");
const auto kTab = QStringLiteral("window/tab");
} // namespace

AppSettings::AppSettings()
    : m_settings(
          std::make_unique<QSettings>(QStringLiteral("BoxOffice"), QStringLiteral("boxoffice")))
{
}

AppSettings::AppSettings(const QString &iniFile)
    : m_settings(std::make_unique<QSettings>(iniFile, QSettings::IniFormat))
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

QByteArray AppSettings::token() const
{
    return m_settings->value(kToken).toByteArray();
}

void AppSettings::setToken(const QByteArray &token)
{
    m_settings->setValue(kToken, token);
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
