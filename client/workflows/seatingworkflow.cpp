#include "seatingworkflow.h"

#include "apiclient.h"
#include "apierror.h"
#include "clientlogging.h"
#include "seatmapmodel.h"
#include "usermessage.h"

#include <utility>

namespace {
constexpr int kPollMs = 3000; // as the shows table polls while push is down
} // namespace

SeatingWorkflow::SeatingWorkflow(ApiClient *api, HoldWorkflow *holds, QObject *parent)
    : QObject(parent), m_api(api), m_holds(holds), m_model(new SeatMapModel(this))
{
    m_poll.setInterval(kPollMs);
    connect(&m_poll, &QTimer::timeout, this, &SeatingWorkflow::reload);

    // The HoldWorkflow is the counter's too: only the outcome of our own hold is ours.
    connect(m_holds, &HoldWorkflow::notice, this, [this](const Notice &notice) {
        if (m_holdSent)
            emit this->notice(notice);
    });
    connect(m_holds, &HoldWorkflow::held, this, [this](const Booking &booking) {
        if (!m_holdSent)
            return;
        m_holdSent = false;
        setBusy(false);
        if (booking.showId == m_show.id)
            m_model->setStates(booking.seatLabels, Api::SeatState::Held);
        emit held(booking);
    });
    connect(m_holds, &HoldWorkflow::seatsTaken, this, [this](const QStringList &labels) {
        if (!m_holdSent)
            return;
        m_model->deselectLabels(labels);
        reload(); // what else changed meanwhile, in case push has not said yet
    });
    connect(m_holds, &HoldWorkflow::holdFailed, this, [this](HoldWorkflow::HoldProblem problem) {
        if (!m_holdSent)
            return;
        m_holdSent = false;
        setBusy(false);
        emit holdFailed(problem);
    });
}

void SeatingWorkflow::say(Notice::Tone tone, const QString &text)
{
    emit notice(Notice{tone, text});
}

void SeatingWorkflow::setBusy(bool busy)
{
    if (busy == m_busy)
        return;
    m_busy = busy;
    emit busyChanged(busy);
}

void SeatingWorkflow::setShow(const Show &show)
{
    m_show = show;
    m_loaded = false;
    m_loading = false;
    m_heardDuringLoad.clear();
    m_model->clear();
    reload();
    setLive(m_live);
}

void SeatingWorkflow::setLive(bool live)
{
    const bool wasLive = m_live;
    m_live = live;
    if (live || m_show.id == 0)
        m_poll.stop();
    else if (!m_poll.isActive())
        m_poll.start();
    // Back from a gap: the feed resumes, but a read costs little and settles it.
    if (live && !wasLive && m_loaded)
        reload();
}

void SeatingWorkflow::reload()
{
    if (m_show.id == 0)
        return;
    const quint64 request = ++m_loadsSent;
    // A read already out keeps what it heard: the newer read may predate it too.
    if (!m_loading)
        m_heardDuringLoad.clear();
    m_loading = true;
    const qint64 showId = m_show.id;
    m_api->fetchSeatMap(showId, this, [this, request, showId](const Result<Api::SeatMap> &map) {
        if (request != m_loadsSent || showId != m_show.id)
            return; // a newer read is on its way
        m_loading = false;
        const QList<Api::SeatStateChange> heard = std::exchange(m_heardDuringLoad, {});
        if (!map) {
            qCInfo(lcApp) << "seat map of show" << showId << "not read:" << map.error().message;
            if (!m_loaded)
                say(Notice::Tone::Error, tr("The seat map could not be read: %1")
                                             .arg(UserMessage::forError(map.error())));
            return;
        }
        m_model->setSeatMap(*map);
        m_model->applySeatChanges(showId, heard);
        const bool first = !m_loaded;
        m_loaded = true;
        if (first && map->seats.isEmpty())
            say(Notice::Tone::Warning, tr("%1 has no seats to show.").arg(m_show.name));
        emit loaded();
    });
}

void SeatingWorkflow::applyPushedSeats(qint64 showId, const QList<Api::SeatStateChange> &changes)
{
    if (showId != m_show.id)
        return;
    // A read is out: its answer may predate these, so they are applied again after it.
    if (m_loading)
        m_heardDuringLoad.append(changes);
    m_model->applySeatChanges(showId, changes);
}

void SeatingWorkflow::holdSelected(const QString &customer)
{
    const QStringList labels = m_model->selectedLabels();
    if (labels.isEmpty()) {
        say(Notice::Tone::Warning,
            tr("Pick seats on the map first (click, drag, or the arrow keys and Space)."));
        return;
    }
    if (labels.size() > m_maxSeats) {
        say(Notice::Tone::Warning, tr("At most %1 per hold; %2 are picked.")
                                       .arg(UserMessage::seats(m_maxSeats))
                                       .arg(labels.size()));
        return;
    }
    sendHold(customer, Api::SeatChoice::picked(labels));
}

void SeatingWorkflow::holdBestAvailable(const QString &customer, int count, bool accessible)
{
    if (count < 1 || count > m_maxSeats) {
        say(Notice::Tone::Warning, tr("Best available: 1 to %1 seats per hold.").arg(m_maxSeats));
        return;
    }
    sendHold(customer, Api::SeatChoice::bestAvailable(count, accessible));
}

void SeatingWorkflow::sendHold(const QString &customer, const Api::SeatChoice &choice)
{
    if (m_busy || m_holds->isHolding()) {
        say(Notice::Tone::Info, tr("A hold is on its way; one moment."));
        return;
    }
    m_holdSent = true;
    setBusy(true);
    m_holds->holdSeats(m_show, customer, choice);
}

void SeatingWorkflow::blockSelected()
{
    const QStringList block = m_model->selectedLabels(Api::SeatState::Free);
    if (block.isEmpty()) {
        say(Notice::Tone::Warning, tr("Select free seats to block."));
        return;
    }
    changeBlocks(block, {});
}

void SeatingWorkflow::unblockSelected()
{
    const QStringList unblock = m_model->selectedLabels(Api::SeatState::Blocked);
    if (unblock.isEmpty()) {
        say(Notice::Tone::Warning, tr("Select blocked seats to put back on sale."));
        return;
    }
    changeBlocks({}, unblock);
}

void SeatingWorkflow::changeBlocks(const QStringList &block, const QStringList &unblock)
{
    if (m_busy)
        return;
    setBusy(true);
    const QString showName = m_show.name;
    m_api->setSeatBlocks(
        m_show.id, block, unblock, this,
        [this, block, unblock, showName](const Result<Api::SeatBlocksResult> &result) {
            setBusy(false);
            if (!result) {
                if (result.error().code == ErrorCode::SeatsTaken) {
                    m_model->deselectLabels(ApiError::seatLabels(result.error()));
                    reload();
                }
                say(Notice::Tone::Warning,
                    block.isEmpty()
                        ? tr("Not unblocked: %1").arg(UserMessage::forError(result.error()))
                        : tr("Not blocked: %1").arg(UserMessage::forError(result.error())));
                return;
            }
            m_model->setStates(block, Api::SeatState::Blocked);
            m_model->setStates(unblock, Api::SeatState::Free);
            m_model->deselectLabels(block + unblock);
            const QStringList changed = block.isEmpty() ? unblock : block;
            const QString seats = tr("%1 (%2)").arg(UserMessage::seats(int(changed.size())),
                                                    changed.join(QStringLiteral(", ")));
            say(Notice::Tone::Success,
                (block.isEmpty() ? tr("Back on sale: %1 for %2; %3 on sale in all.")
                                 : tr("Blocked %1 for %2; %3 on sale in all."))
                    .arg(seats, showName, QString::number(result->totalSeats)));
            emit blocksChanged(*result);
        });
}
