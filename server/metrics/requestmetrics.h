#pragma once

#include "http/requestobserver.h"

#include <QHash>
#include <QString>

// Counts every finished request of a BoxOfficeHttpServer into ServerMetrics:
// boxoffice_http_requests_total, the duration histogram and dropped answers.
// The route label is the matched pattern, or "unmatched", never the path, so
// the label values stay bounded whatever clients send.
//
// Lives on the HTTP thread, where the server reports to it.
class RequestMetrics : public RequestObserver
{
public:
    void requestFinished(const FinishedRequest &request) override;

private:
    QString methodName(QHttpServerRequest::Method method);

    QHash<int, QString> m_methodNames; // Router::methodName is a meta-enum lookup and a copy
};
