#include "holdworkflow.h"

#include "apiclient.h"
#include "apierror.h"
#include "holdsmodel.h"
#include "usermessage.h"

#include <QUuid>

HoldWorkflow::HoldWorkflow(ApiClient *api, HoldsModel *holds, QObject *parent)
    : QObject(parent), m_api(api), m_holds(holds)
{
}

void HoldWorkflow::say(Notice::Tone tone, const QString &text)
{
    emit notice(Notice{tone, text});
}

void HoldWorkflow::setHolding(bool holding)
{
    if (holding == m_holding)
        return;
    m_holding = holding;
    emit busyChanged(holding);
}

void HoldWorkflow::backToPending(qint64 bookingId)
{
    const int row = m_holds->rowOfBooking(bookingId);
    if (row >= 0 && !HoldsModel::isSettled(m_holds->stateAt(row)))
        m_holds->setState(bookingId, HoldsModel::State::Pending);
}

void HoldWorkflow::hold(const std::optional<Show> &show, const QString &customer, int seats)
{
    holdSeats(show, customer, Api::SeatChoice::bestAvailable(seats));
}

void HoldWorkflow::holdSeats(const std::optional<Show> &show, const QString &customer,
                             const Api::SeatChoice &choice)
{
    if (m_holding)
        return;
    if (!show) {
        say(Notice::Tone::Warning, tr("Pick a show first."));
        emit holdFailed(HoldProblem::NoShow);
        return;
    }
    const QString name = customer.simplified();
    if (name.isEmpty()) {
        say(Notice::Tone::Warning, tr("Type the customer's name."));
        emit holdFailed(HoldProblem::NoCustomer);
        return;
    }
    if (show->isCancelled()) {
        say(Notice::Tone::Error, tr("%1 has been cancelled.").arg(show->name));
        emit holdFailed(HoldProblem::ShowCancelled);
        return;
    }

    const Attempt attempt{show->id, name, choice};
    if (m_idempotencyKey.isEmpty() || !(attempt == m_lastAttempt)) {
        m_idempotencyKey = QUuid::createUuid().toString(QUuid::WithoutBraces);
        m_lastAttempt = attempt;
    }

    setHolding(true);
    say(Notice::Tone::Info,
        choice.isPicked()
            ? tr("Holding %1 for %2…").arg(choice.labels.join(QStringLiteral(", ")), name)
            : tr("Holding %1 for %2…").arg(UserMessage::seats(choice.seatCount()), name));
    const QString showName = show->name;
    const bool seated = show->isSeated();
    m_api->holdSeats(
        show->id, name, choice, m_idempotencyKey, this,
        [this, showName, seated, choice](const Result<Booking> &result) {
            setHolding(false);
            if (!result) {
                const bool noAnswer = ApiError::isTransport(result.error());
                // An answer, even a refusal, settles the attempt: a new press is a new hold.
                if (!noAnswer)
                    m_idempotencyKey.clear();
                const ErrorCode code = result.error().code;
                const bool seatsProblem =
                    code == ErrorCode::NotEnoughSeats || code == ErrorCode::SeatsTaken;
                const bool paused = code == ErrorCode::SalesPaused;
                say(seatsProblem || paused ? Notice::Tone::Warning : Notice::Tone::Error,
                    seated
                        ? UserMessage::forSeatHoldError(result.error(), showName, choice)
                        : UserMessage::forHoldError(result.error(), showName, choice.seatCount()));
                if (paused)
                    emit salesPausedAnswer(result.error());
                if (code == ErrorCode::SeatsTaken)
                    emit seatsTaken(ApiError::seatLabels(result.error()));
                emit holdFailed(code == ErrorCode::SeatsTaken ? HoldProblem::SeatsTaken
                                : seatsProblem                ? HoldProblem::NotEnoughSeats
                                : paused                      ? HoldProblem::SalesPaused
                                : noAnswer                    ? HoldProblem::NoAnswer
                                                              : HoldProblem::Refused);
                emit bookingsChanged();
                return;
            }
            m_idempotencyKey.clear();
            const Booking &booking = *result;
            m_holds->addHold(booking, showName);
            say(Notice::Tone::Success,
                tr("Held %1 for %2 — reference %3. Ctrl+Enter confirms.")
                    .arg(UserMessage::seatsOf(booking), booking.userName, booking.reference));
            emit held(booking);
            emit bookingsChanged();
        });
}

void HoldWorkflow::confirmHold(qint64 bookingId)
{
    const int row = m_holds->rowOfBooking(bookingId);
    if (row < 0)
        return;
    const Booking booking = m_holds->bookingAt(row);
    const QString showName = m_holds->showNameAt(row);
    if (m_holds->stateAt(row) == HoldsModel::State::Expired) {
        say(Notice::Tone::Warning,
            tr("Hold %1 has expired; its seats were released. Hold again.").arg(booking.reference));
        emit actionFinished(bookingId);
        return;
    }
    if (m_holds->stateAt(row) == HoldsModel::State::Confirmed ||
        m_holds->stateAt(row) == HoldsModel::State::Cancelled) {
        // Settled at another counter or by the shop, as live push told us.
        say(Notice::Tone::Warning,
            m_holds->stateAt(row) == HoldsModel::State::Confirmed
                ? tr("Hold %1 was already confirmed elsewhere.").arg(booking.reference)
                : tr("Hold %1 was cancelled elsewhere; its seats were released.")
                      .arg(booking.reference));
        emit actionFinished(bookingId);
        return;
    }
    if (m_holds->stateAt(row) != HoldsModel::State::Pending)
        return;
    m_holds->setState(bookingId, HoldsModel::State::Confirming);
    m_api->confirmBooking(
        bookingId, this, [this, booking, showName](const Result<Booking> &result) {
            if (result) {
                m_holds->removeHold(booking.id);
                emit confirmed(*result, showName);
                // The confirmed panel says it all; an older line would only distract.
                say(Notice::Tone::Info, QString());
                emit bookingsChanged();
            } else if (result.error().code == ErrorCode::BookingExpired) {
                m_holds->setState(booking.id, HoldsModel::State::Expired);
                say(Notice::Tone::Warning,
                    tr("Hold %1 expired before it was confirmed; its %2 were released.")
                        .arg(booking.reference, UserMessage::seats(booking.seats)));
                emit bookingsChanged();
            } else if (result.error().code == ErrorCode::BookingCancelled) {
                m_holds->removeHold(booking.id);
                say(Notice::Tone::Warning,
                    tr("Hold %1 had been cancelled.").arg(booking.reference));
            } else {
                backToPending(booking.id);
                say(Notice::Tone::Error,
                    tr("Not confirmed: %1").arg(UserMessage::forError(result.error())));
            }
            emit actionFinished(booking.id);
        });
}

void HoldWorkflow::cancelHold(qint64 bookingId)
{
    const int row = m_holds->rowOfBooking(bookingId);
    if (row < 0)
        return;
    const Booking booking = m_holds->bookingAt(row);
    if (HoldsModel::isSettled(m_holds->stateAt(row))) {
        // Nothing left to release on the server: just take it off the list.
        m_holds->removeHold(bookingId);
        emit actionFinished(bookingId);
        return;
    }
    if (m_holds->stateAt(row) != HoldsModel::State::Pending)
        return;
    m_holds->setState(bookingId, HoldsModel::State::Cancelling);
    m_api->cancelBooking(bookingId, this, [this, booking](const Result<Booking> &result) {
        if (result || result.error().code == ErrorCode::BookingCancelled) {
            m_holds->removeHold(booking.id);
            say(Notice::Tone::Info, tr("Cancelled hold %1; %2 released.")
                                        .arg(booking.reference, UserMessage::seats(booking.seats)));
            emit cancelled(result ? *result : booking);
            emit bookingsChanged();
        } else if (result.error().code == ErrorCode::BookingExpired) {
            m_holds->setState(booking.id, HoldsModel::State::Expired);
        } else {
            backToPending(booking.id);
            say(Notice::Tone::Error,
                tr("Not cancelled: %1").arg(UserMessage::forError(result.error())));
        }
        emit actionFinished(booking.id);
    });
}

void HoldWorkflow::confirmBooking(const Booking &booking)
{
    m_api->confirmBooking(booking.id, this, [this, id = booking.id](const Result<Booking> &result) {
        if (!result) {
            say(Notice::Tone::Warning, UserMessage::forError(result.error()));
            emit actionFinished(id);
            return;
        }
        say(Notice::Tone::Success, tr("Confirmed %1.").arg(result->reference));
        // Settled here, it is no longer a pending hold at the counter either.
        m_holds->removeHold(result->id);
        emit confirmed(*result, QString());
        emit bookingsChanged();
        emit actionFinished(id);
    });
}

void HoldWorkflow::cancelBooking(const Booking &booking)
{
    m_api->cancelBooking(booking.id, this, [this, id = booking.id](const Result<Booking> &result) {
        if (!result) {
            say(Notice::Tone::Warning, UserMessage::forError(result.error()));
            emit actionFinished(id);
            return;
        }
        say(Notice::Tone::Info, tr("Cancelled %1; %2 released.")
                                    .arg(result->reference, UserMessage::seats(result->seats)));
        m_holds->removeHold(result->id);
        emit cancelled(*result);
        emit bookingsChanged();
        emit actionFinished(id);
    });
}
