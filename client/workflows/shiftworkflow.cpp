#include "shiftworkflow.h"

#include "apierror.h"
#include "money.h"
#include "salemessage.h"
#include "salesapi.h"

ShiftWorkflow::ShiftWorkflow(SalesApi *api, QObject *parent) : QObject(parent), m_api(api) {}

void ShiftWorkflow::refresh()
{
    const quint64 generation = m_generation;
    m_api->currentShift(this, [this, generation](const Result<std::optional<Api::Shift>> &answer) {
        if (generation != m_generation)
            return;
        // No answer says nothing about the shift: keep what was known.
        if (!answer)
            return;
        m_known = true;
        setCurrent(*answer);
    });
}

void ShiftWorkflow::open(qint64 openingFloat)
{
    if (m_busy)
        return;
    setBusy(true);
    const quint64 generation = m_generation;
    m_api->openShift(openingFloat, this, [this, generation](const Result<Api::Shift> &answer) {
        if (generation != m_generation)
            return;
        setBusy(false);
        if (!answer) {
            // Open elsewhere (another window, an earlier session): that one is the current.
            if (ApiError::codeName(answer.error()) == QLatin1String("shift_already_open"))
                refresh();
            return refuse(answer.error());
        }
        m_known = true;
        setCurrent(*answer);
        emit notice({Notice::Tone::Success,
                     tr("Shift opened with a float of %1.")
                         .arg(Api::Money::format(answer->openingFloat, m_currency))});
        emit opened(*answer);
    });
}

void ShiftWorkflow::close(qint64 countedCash)
{
    if (m_busy)
        return;
    if (!m_current) {
        emit notice({Notice::Tone::Warning, tr("No shift is open.")});
        emit failed();
        return;
    }
    setBusy(true);
    const quint64 generation = m_generation;
    m_api->closeShift(m_current->id, countedCash, this,
                      [this, generation](const Result<Api::ShiftReport> &answer) {
                          if (generation != m_generation)
                              return;
                          setBusy(false);
                          if (!answer) {
                              if (ApiError::codeName(answer.error()) ==
                                  QLatin1String("shift_closed"))
                                  setCurrent(std::nullopt);
                              return refuse(answer.error());
                          }
                          setCurrent(std::nullopt);
                          emit notice({Notice::Tone::Success, tr("Shift closed.")});
                          emit closed(*answer);
                      });
}

void ShiftWorkflow::fetchReport(qint64 shiftId)
{
    m_api->shiftReport(shiftId, this, [this](const Result<Api::ShiftReport> &answer) {
        if (!answer)
            return refuse(answer.error());
        emit reportReady(*answer);
    });
}

void ShiftWorkflow::fetchShifts()
{
    m_api->shifts(this, [this](const Result<QList<Api::Shift>> &answer) {
        if (!answer)
            return refuse(answer.error());
        emit shiftsReady(*answer);
    });
}

void ShiftWorkflow::forget()
{
    ++m_generation;
    m_known = false;
    setBusy(false);
    setCurrent(std::nullopt);
}

void ShiftWorkflow::setCurrent(const std::optional<Api::Shift> &shift)
{
    const bool same = shift.has_value() == m_current.has_value() &&
                      (!shift || (shift->id == m_current->id && shift->open == m_current->open));
    m_current = shift;
    if (!same)
        emit currentChanged();
}

void ShiftWorkflow::setBusy(bool busy)
{
    if (busy == m_busy)
        return;
    m_busy = busy;
    emit busyChanged(busy);
}

void ShiftWorkflow::refuse(const DomainError &error)
{
    emit notice({Notice::Tone::Error, SaleMessage::forError(error)});
    emit failed();
}
