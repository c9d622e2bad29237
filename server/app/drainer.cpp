#include "drainer.h"

#include "logcategories.h"
#include "http/boxofficehttpserver.h"

#include <QLoggingCategory>



Drainer::Drainer(BoxOfficeHttpServer &http, int timeoutSeconds, QObject *parent)
    : QObject(parent), m_http(http), m_timeoutSeconds(timeoutSeconds)
{
    m_deadline.setSingleShot(true);
    connect(&m_deadline, &QTimer::timeout, this, [this] { finish("the drain timeout passed"); });
}

void Drainer::begin()
{
    if (m_draining)
        return;
    m_draining = true;
    // Counted before anything closes: what the drain still has to wait for.
    qCInfo(lcServer).nospace() << "draining: no new connections; " << m_http.openRequests()
                               << " requests still open on " << m_http.openConnections()
                               << " connections; waiting up to " << m_timeoutSeconds << " s";
    m_http.stopAccepting();
    connect(&m_http, &BoxOfficeHttpServer::lastConnectionClosed, this,
            [this] { finish("every connection is closed"); });
    m_http.closeConnectionsAfterAnswers();
    if (m_http.openConnections() == 0) {
        // Later, so finished() never reaches a caller still inside begin().
        QMetaObject::invokeMethod(
            this, [this] { finish("every connection is closed"); }, Qt::QueuedConnection);
        return;
    }
    m_deadline.start(m_timeoutSeconds * 1000);
}

void Drainer::end()
{
    if (!m_draining) {
        m_draining = true;
        m_http.stopAccepting();
    }
    finish("a second signal ended it");
}

void Drainer::finish(const char *why)
{
    if (m_finished)
        return;
    m_finished = true;
    m_deadline.stop();
    const int open = m_http.openRequests();
    if (open > 0)
        qCWarning(lcServer).nospace()
            << "drain over (" << why << ") with " << open << " requests still open on "
            << m_http.openConnections() << " connections; they are cut off";
    else
        qCInfo(lcServer).nospace() << "drain over (" << why << "): " << m_http.openConnections()
                                   << " connections left, no "
                                   << "requests open";
    emit finished();
}
