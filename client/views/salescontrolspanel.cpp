#include "salescontrolspanel.h"

#include "apiclient.h"
#include "inlinemessage.h"
#include "jsontext.h"
#include "showfilterproxymodel.h"
#include "showpickermodel.h"
#include "showsmodel.h"
#include "usermessage.h"

#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace {
const QString kSalesPaused = QStringLiteral("sales.paused");
const QString kHoldSeconds = QStringLiteral("booking.hold_seconds");
const QString kMaxSeats = QStringLiteral("booking.max_seats");

QString showPauseKey(qint64 showId)
{
    return QStringLiteral("sales.paused.show.%1").arg(showId);
}

// Checked = paused: red and shouting, so nobody wonders why the counter refuses holds.
void stylePauseButton(QPushButton *button, bool paused, const QString &pausedText,
                      const QString &runningText)
{
    button->setChecked(paused);
    button->setText(paused ? pausedText : runningText);
    button->setStyleSheet(
        paused ? QStringLiteral("QPushButton { background:#b3261e; color:white; font-weight:bold;"
                                " padding:6px 14px; border-radius:4px; }")
               : QString());
}
} // namespace

SalesControlsPanel::SalesControlsPanel(ApiClient *api, ShowsModel *shows, QWidget *parent)
    : QGroupBox(tr("Sales controls"), parent), m_api(api), m_shows(shows),
      m_pickerFilter(new ShowFilterProxyModel(this)), m_pickerModel(new ShowPickerModel(this))
{
    setObjectName(QStringLiteral("salesControls"));
    m_pickerFilter->setSourceModel(shows);
    m_pickerFilter->setHideCancelled(true);
    m_pickerFilter->sort(ShowsModel::StartColumn);
    m_pickerModel->setSourceModel(m_pickerFilter);

    m_holdSeconds = new QSpinBox(this);
    m_holdSeconds->setRange(10, 86400);
    m_holdSeconds->setSuffix(tr(" s"));
    m_maxSeats = new QSpinBox(this);
    m_maxSeats->setRange(1, 1000);
    m_message = new InlineMessage(this);
    m_message->setObjectName(QStringLiteral("salesControlsMessage"));

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(buildPauseRow());
    layout->addWidget(buildLimitRow(tr("Hold length:"), kHoldSeconds, m_holdSeconds,
                                    QStringLiteral("HoldSeconds")));
    layout->addWidget(
        buildLimitRow(tr("Seats per booking:"), kMaxSeats, m_maxSeats, QStringLiteral("MaxSeats")));
    layout->addWidget(m_message);
    setConfig(ServerConfig());
}

QWidget *SalesControlsPanel::buildPauseRow()
{
    auto *row = new QWidget(this);
    m_pauseAll = new QPushButton(row);
    m_pauseAll->setObjectName(QStringLiteral("pauseSalesButton"));
    m_pauseAll->setCheckable(true);
    m_pauseAll->setToolTip(tr("Refuse every new hold at every counter until resumed (asks first)"));
    m_showPicker = new QComboBox(row);
    m_showPicker->setObjectName(QStringLiteral("pauseShowPicker"));
    m_showPicker->setModel(m_pickerModel);
    m_showPicker->setModelColumn(ShowsModel::NameColumn);
    m_showPicker->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_showPicker->setMinimumContentsLength(24);
    m_pauseShow = new QPushButton(row);
    m_pauseShow->setObjectName(QStringLiteral("pauseShowButton"));
    m_pauseShow->setCheckable(true);

    // A click never flips the toggle by itself: the state shown is the server's, changed
    // only after the question was answered and the server agreed.
    connect(m_pauseAll, &QPushButton::clicked, this, [this] {
        updatePauseButtons();
        const bool pause = !m_config.salesPaused;
        confirm(pause ? tr("Pause all sales?") : tr("Resume sales?"),
                pause ? tr("Every counter refuses new holds until sales are resumed. Holds already "
                           "made can still be confirmed.")
                      : tr("Every counter can hold seats again."),
                pause ? tr("Pause sales") : tr("Resume sales"), [this, pause] {
                    put(kSalesPaused, pause, pause ? tr("Sales paused.") : tr("Sales resumed."));
                });
    });
    connect(m_pauseShow, &QPushButton::clicked, this, [this] {
        updatePauseButtons();
        const auto showId = pickedShowId();
        if (!showId)
            return;
        const QString name = pickedShowName();
        const bool pause = !m_config.pausedShowIds.contains(*showId);
        confirm(pause ? tr("Pause sales for “%1”?").arg(name)
                      : tr("Resume sales for “%1”?").arg(name),
                pause ? tr("Counters refuse new holds for this show until it is resumed.")
                      : tr("Counters can hold seats for this show again."),
                pause ? tr("Pause show") : tr("Resume show"), [this, pause, showId, name] {
                    // Resuming deletes the flag, so paused shows leave no flags behind.
                    if (pause)
                        put(showPauseKey(*showId), true, tr("Sales for %1 paused.").arg(name));
                    else
                        remove(showPauseKey(*showId), tr("Sales for %1 resumed.").arg(name));
                });
    });
    connect(m_showPicker, &QComboBox::currentIndexChanged, this,
            &SalesControlsPanel::updatePauseButtons);
    connect(m_pickerModel, &QAbstractItemModel::rowsInserted, this, [this] {
        if (m_showPicker->currentIndex() < 0 && m_showPicker->count() > 0)
            m_showPicker->setCurrentIndex(0);
    });

    auto *layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_pauseAll);
    layout->addSpacing(24);
    layout->addWidget(new QLabel(tr("Show:"), row));
    layout->addWidget(m_showPicker, 1);
    layout->addWidget(m_pauseShow);
    return row;
}

QWidget *SalesControlsPanel::buildLimitRow(const QString &label, const QString &key, QSpinBox *spin,
                                           const QString &objectPrefix)
{
    auto *row = new QWidget(this);
    spin->setParent(row);
    spin->setObjectName(QStringLiteral("spin") + objectPrefix);
    auto *apply = new QPushButton(tr("Apply"), row);
    apply->setObjectName(QStringLiteral("apply") + objectPrefix);
    auto *useDefault = new QPushButton(tr("Use default"), row);
    useDefault->setObjectName(QStringLiteral("default") + objectPrefix);
    useDefault->setToolTip(
        tr("Delete the flag %1: the server's option or default applies").arg(key));
    connect(apply, &QPushButton::clicked, this, [this, key, spin] {
        put(key, spin->value(), tr("%1 set to %2.").arg(key).arg(spin->value()));
    });
    connect(useDefault, &QPushButton::clicked, this,
            [this, key] { remove(key, tr("%1 is back to the default.").arg(key)); });
    auto *layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *caption = new QLabel(label, row);
    caption->setMinimumWidth(130);
    layout->addWidget(caption);
    layout->addWidget(spin);
    layout->addWidget(apply);
    layout->addWidget(useDefault);
    layout->addStretch();
    return row;
}

void SalesControlsPanel::setConfig(const ServerConfig &config)
{
    m_config = config;
    if (m_holdSeconds->value() == m_shownHoldSeconds || m_shownHoldSeconds == 0)
        m_holdSeconds->setValue(config.holdSeconds);
    if (m_maxSeats->value() == m_shownMaxSeats || m_shownMaxSeats == 0)
        m_maxSeats->setValue(config.maxSeatsPerBooking);
    m_shownHoldSeconds = config.holdSeconds;
    m_shownMaxSeats = config.maxSeatsPerBooking;
    updatePauseButtons();
}

void SalesControlsPanel::selectShow(qint64 showId)
{
    for (int row = 0; row < m_pickerModel->rowCount(); ++row) {
        if (m_pickerModel->index(row, 0).data(ShowsModel::ShowIdRole).toLongLong() == showId) {
            m_showPicker->setCurrentIndex(row);
            return;
        }
    }
}

std::optional<qint64> SalesControlsPanel::pickedShowId() const
{
    const QModelIndex index = m_pickerModel->index(m_showPicker->currentIndex(), 0);
    if (!index.isValid())
        return std::nullopt;
    return index.data(ShowsModel::ShowIdRole).toLongLong();
}

QString SalesControlsPanel::pickedShowName() const
{
    const auto id = pickedShowId();
    const auto show = id ? m_shows->showById(*id) : std::nullopt;
    return show ? show->name : QString();
}

void SalesControlsPanel::updatePauseButtons()
{
    stylePauseButton(m_pauseAll, m_config.salesPaused, tr("SALES PAUSED — Resume sales…"),
                     tr("Pause sales…"));
    const auto showId = pickedShowId();
    m_pauseShow->setEnabled(showId.has_value());
    stylePauseButton(m_pauseShow, showId && m_config.pausedShowIds.contains(*showId),
                     tr("SHOW PAUSED — Resume…"), tr("Pause this show…"));
}

void SalesControlsPanel::confirm(const QString &question, const QString &consequence,
                                 const QString &action, std::function<void()> onYes)
{
    if (m_confirmation)
        return;
    m_confirmation = new QMessageBox(QMessageBox::Warning, tr("Sales controls"), question,
                                     QMessageBox::NoButton, this);
    m_confirmation->setObjectName(QStringLiteral("salesChangeConfirmation"));
    m_confirmation->setInformativeText(consequence);
    QPushButton *yes = m_confirmation->addButton(action, QMessageBox::AcceptRole);
    yes->setObjectName(QStringLiteral("confirmSalesChange"));
    QPushButton *no = m_confirmation->addButton(tr("Leave as it is"), QMessageBox::RejectRole);
    // The safe answer is the default: Enter by accident changes nothing.
    m_confirmation->setDefaultButton(no);
    m_confirmation->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_confirmation, &QMessageBox::buttonClicked, this,
            [yes, onYes = std::move(onYes)](QAbstractButton *clicked) {
                if (clicked == yes)
                    onYes();
            });
    m_confirmation->open();
}

void SalesControlsPanel::put(const QString &key, const QJsonValue &value, const QString &done)
{
    m_api->putFlag(
        key, value, std::nullopt, this,
        [this, done](const Result<Api::FeatureFlag> &result) { answered(result, done, true); });
}

void SalesControlsPanel::remove(const QString &key, const QString &done)
{
    m_api->deleteFlag(key, std::nullopt, this,
                      [this, key, done](const Result<Api::FeatureFlag> &result) {
                          // 404: nothing stored. It already was the default, or the
                          // environment sets it (never stored, and still in force): ask.
                          if (!result && result.error().code != ErrorCode::FlagNotFound) {
                              m_message->showMessage(InlineMessage::Kind::Error,
                                                     UserMessage::forError(result.error()));
                              return;
                          }
                          reportInForce(key, done);
                          emit flagsChanged();
                      });
}

void SalesControlsPanel::answered(const Result<Api::FeatureFlag> &result, const QString &done,
                                  bool stored)
{
    if (!result) {
        m_message->showMessage(InlineMessage::Kind::Error, UserMessage::forError(result.error()));
        return;
    }
    // A PUT answers with the effective value: the environment may overrule what was stored.
    if (stored && result->source == Api::FeatureFlag::Source::Environment)
        warnEnvironmentWins(*result, true);
    else
        m_message->showMessage(InlineMessage::Kind::Success, done);
    reportInForce(result->key, QString());
    emit flagsChanged();
}

void SalesControlsPanel::reportInForce(const QString &key, const QString &done)
{
    // Also refreshes the toggles at once, without waiting for the next /config poll.
    m_api->fetchConfig(this, [this](const Result<ServerConfig> &config) {
        if (config)
            setConfig(*config);
    });
    if (done.isEmpty())
        return;
    m_api->fetchFlag(key, this, [this, done](const Result<Api::FeatureFlag> &flag) {
        if (flag && flag->source == Api::FeatureFlag::Source::Environment)
            warnEnvironmentWins(*flag, false);
        else if (flag || flag.error().code == ErrorCode::FlagNotFound)
            m_message->showMessage(InlineMessage::Kind::Success, done);
        else
            m_message->showMessage(InlineMessage::Kind::Error, UserMessage::forError(flag.error()));
    });
}

void SalesControlsPanel::warnEnvironmentWins(const Api::FeatureFlag &flag, bool stored)
{
    const QString text =
        stored ? tr("Stored, but the environment wins: %1 is set on the server, so %2 stays %3.")
               : tr("Not changed, the environment wins: %1 is set on the server, so %2 stays %3. "
                    "Only restarting the server without it changes that.");
    m_message->showMessage(
        InlineMessage::Kind::Warning,
        text.arg(flag.environmentVariable, flag.key, JsonText::compact(flag.effective)));
}
