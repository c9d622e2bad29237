#include "requestmetrics.h"

#include "http/router.h"
#include "servermetrics.h"

void RequestMetrics::requestFinished(const FinishedRequest &request)
{
    static const QString unmatched = QStringLiteral("unmatched");
    ServerMetrics &metrics = ServerMetrics::instance();
    const double seconds = std::chrono::duration<double>(request.duration).count();
    metrics.countRequest(methodName(request.method),
                         request.route.isEmpty() ? unmatched : request.route, request.status,
                         seconds);
    if (request.dropped)
        metrics.countDroppedResponse();
}

QString RequestMetrics::methodName(QHttpServerRequest::Method method)
{
    auto found = m_methodNames.constFind(int(method));
    if (found != m_methodNames.cend())
        return *found;
    QString name = Router::methodName(method);
    if (name.isEmpty())
        name = QStringLiteral("OTHER");
    m_methodNames.insert(int(method), name);
    return name;
}
