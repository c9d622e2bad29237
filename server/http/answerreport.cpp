#include "answerreport.h"

void AnswerReport::send(const RequestObservers *observers, int status, qint64 bodyBytes,
                        bool dropped)
{
    if (!observers || observers->isEmpty())
        return;
    record.status = status;
    record.bodyBytes = bodyBytes;
    record.dropped = dropped;
    record.duration = std::chrono::steady_clock::now() - received;
    if (trace) {
        record.route = trace->route;
        record.actor = trace->actor;
        if (!trace->clientAddress.isEmpty())
            record.clientAddress = trace->clientAddress;
    }
    for (RequestObserver *observer : *observers)
        observer->requestFinished(record);
}
