#include "counterview.h"

#include "apilimits.h"
#include "apitypes.h"
#include "holdactionsdelegate.h"
#include "holdsmodel.h"
#include "holdworkflow.h"
#include "inlinemessage.h"
#include "seatactions.h"
#include "showfilterproxymodel.h"
#include "showpickermodel.h"
#include "showsmodel.h"
#include "usermessage.h"

#include <QAbstractItemView>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QShortcut>
#include <QSpinBox>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

CounterView::CounterView(HoldWorkflow *workflow, ShowsModel *shows, HoldsModel *holds,
                         QWidget *parent)
    : QWidget(parent), m_workflow(workflow), m_shows(shows), m_holds(holds),
      m_pickerFilter(new ShowFilterProxyModel(this)), m_pickerModel(new ShowPickerModel(this))
{
    setObjectName(QStringLiteral("counterView"));
    m_pickerFilter->setSourceModel(shows);
    m_pickerFilter->setHideCancelled(true);
    m_pickerFilter->sort(ShowsModel::StartColumn);
    m_pickerModel->setSourceModel(m_pickerFilter);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(buildForm());
    layout->addWidget(buildHolds(), 1);

    setTabOrder(m_picker, m_customer);
    setTabOrder(m_customer, m_seats);
    setTabOrder(m_seats, m_holdButton);
    setTabOrder(m_holdButton, m_table);
    setTabOrder(m_table, m_confirmButton);
    setTabOrder(m_confirmButton, m_cancelButton);

    const auto addShortcut = [this](const QKeySequence &keys, void (CounterView::*slot)()) {
        auto *shortcut = new QShortcut(keys, this);
        shortcut->setContext(Qt::WidgetWithChildrenShortcut);
        connect(shortcut, &QShortcut::activated, this, slot);
    };
    addShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), &CounterView::confirmCurrent);
    addShortcut(QKeySequence(Qt::CTRL | Qt::Key_Enter), &CounterView::confirmCurrent);
    addShortcut(QKeySequence(Qt::Key_F8), &CounterView::confirmCurrent);
    addShortcut(QKeySequence(Qt::Key_F9), &CounterView::cancelCurrent);
    addShortcut(QKeySequence(Qt::Key_Escape), &CounterView::clearForm);

    connect(m_workflow, &HoldWorkflow::notice, m_message, &InlineMessage::showNotice);
    connect(m_workflow, &HoldWorkflow::busyChanged, this, &CounterView::updateSalesPause);
    connect(m_workflow, &HoldWorkflow::salesPausedAnswer, this, [this](const DomainError &error) {
        m_pause.noteRefusal(error);
        updateSalesPause();
        emit salesPauseSeen();
    });
    connect(m_picker, &QComboBox::currentIndexChanged, this, &CounterView::updateSalesPause);
    // A show's row may learn more (its seating plan) after it is picked.
    connect(m_shows, &ShowsModel::showChanged, this, &CounterView::updateSalesPause);
    connect(m_seatActions, &SeatActions::chooseSeats, this, [this] {
        if (const auto show = currentShow())
            emit chooseSeatsRequested(*show, m_customer->text());
    });
    connect(m_seatActions, &SeatActions::blockSeats, this, [this] {
        if (const auto show = currentShow())
            emit blockSeatsRequested(*show);
    });
    connect(m_workflow, &HoldWorkflow::held, this, [this] {
        m_table->selectionModel()->clearSelection();
        m_table->scrollToTop();
        m_customer->clear();
        m_seats->setValue(1);
        focusCustomer();
    });
    connect(m_workflow, &HoldWorkflow::holdFailed, this, [this](HoldWorkflow::HoldProblem problem) {
        switch (problem) {
        case HoldWorkflow::HoldProblem::NoShow:
            m_picker->setFocus();
            break;
        case HoldWorkflow::HoldProblem::NoCustomer:
            focusCustomer();
            break;
        case HoldWorkflow::HoldProblem::NotEnoughSeats:
            m_seats->setFocus();
            m_seats->selectAll();
            break;
        default:
            break;
        }
    });
    connect(m_workflow, &HoldWorkflow::confirmed, this, &CounterView::showConfirmed);
    connect(m_workflow, &HoldWorkflow::actionFinished, this, [this] { focusCustomer(); });
    connect(m_workflow, &HoldWorkflow::bookingsChanged, this, &CounterView::bookingsChanged);

    // The first show to arrive is preselected, so the counter is ready at once.
    connect(m_pickerModel, &QAbstractItemModel::rowsInserted, this, [this] {
        if (m_picker->currentIndex() < 0 && m_picker->count() > 0)
            m_picker->setCurrentIndex(0);
    });
}

QWidget *CounterView::buildForm()
{
    auto *form = new QWidget(this);
    m_picker = new QComboBox(form);
    m_picker->setObjectName(QStringLiteral("showPicker"));
    m_picker->setModel(m_pickerModel);
    m_picker->setModelColumn(ShowsModel::NameColumn);
    m_picker->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_picker->setMinimumContentsLength(30);

    m_customer = new QLineEdit(form);
    m_customer->setObjectName(QStringLiteral("customerName"));
    m_customer->setMaxLength(Limits::kMaxUserNameLength);
    m_customer->setPlaceholderText(tr("Customer name"));

    m_seats = new QSpinBox(form);
    m_seats->setObjectName(QStringLiteral("seatCount"));
    // Until the server says otherwise (GET /config, see setMaxSeatsPerHold).
    m_seats->setRange(1, ServerConfig().maxSeatsPerBooking);

    m_holdButton = new QPushButton(tr("&Hold seats  ⏎"), form);
    m_holdButton->setObjectName(QStringLiteral("holdButton"));
    m_holdButton->setToolTip(tr("Hold the seats for this customer (Enter)"));
    connect(m_holdButton, &QPushButton::clicked, this, &CounterView::hold);
    for (QWidget *field : {static_cast<QWidget *>(m_picker), static_cast<QWidget *>(m_customer),
                           static_cast<QWidget *>(m_seats)})
        field->installEventFilter(this);

    m_message = new InlineMessage(form);
    m_message->setObjectName(QStringLiteral("counterMessage"));

    // Loud on purpose: staff must not miss that holds are refused, and why.
    m_pausedBanner = new QLabel(form);
    m_pausedBanner->setObjectName(QStringLiteral("salesPausedBanner"));
    m_pausedBanner->setWordWrap(true);
    m_pausedBanner->setStyleSheet(
        QStringLiteral("#salesPausedBanner { background:#b3261e; color:white; font-weight:bold;"
                       " padding:8px 12px; border-radius:4px; }"));
    m_pausedBanner->hide();

    m_confirmedPanel = new QWidget(form);
    m_confirmedPanel->setObjectName(QStringLiteral("confirmedPanel"));
    m_confirmedReference = new QLabel(m_confirmedPanel);
    m_confirmedReference->setObjectName(QStringLiteral("confirmedReference"));
    m_confirmedReference->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont big = m_confirmedReference->font();
    big.setPointSizeF(big.pointSizeF() * 2.2);
    big.setBold(true);
    big.setFamilies({QStringLiteral("DejaVu Sans Mono"), QStringLiteral("monospace")});
    m_confirmedReference->setFont(big);
    m_confirmedDetails = new QLabel(m_confirmedPanel);
    m_confirmedDetails->setWordWrap(true);
    auto *confirmedLayout = new QHBoxLayout(m_confirmedPanel);
    confirmedLayout->setContentsMargins(8, 4, 8, 4);
    confirmedLayout->addWidget(m_confirmedReference);
    confirmedLayout->addWidget(m_confirmedDetails, 1);
    m_confirmedPanel->setStyleSheet(QStringLiteral(
        "#confirmedPanel { background:#e6f4e6; border:1px solid #a9d3a9; border-radius:4px; }"));
    m_confirmedPanel->hide();

    auto *seatsRow = new QHBoxLayout;
    seatsRow->addWidget(m_seats);
    seatsRow->addWidget(m_holdButton);
    m_seatActions = new SeatActions(form);
    seatsRow->addWidget(m_seatActions);
    seatsRow->addStretch();

    auto *fields = new QFormLayout;
    auto *showLabel = new QLabel(tr("&Show:"), form);
    showLabel->setBuddy(m_picker);
    auto *customerLabel = new QLabel(tr("C&ustomer:"), form);
    customerLabel->setBuddy(m_customer);
    auto *seatsLabel = new QLabel(tr("Se&ats:"), form);
    seatsLabel->setBuddy(m_seats);
    fields->addRow(showLabel, m_picker);
    fields->addRow(customerLabel, m_customer);
    fields->addRow(seatsLabel, seatsRow);

    auto *layout = new QVBoxLayout(form);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_pausedBanner);
    layout->addLayout(fields);
    layout->addWidget(m_message);
    layout->addWidget(m_confirmedPanel);
    return form;
}

QWidget *CounterView::buildHolds()
{
    auto *panel = new QWidget(this);
    auto *title = new QLabel(tr("<b>Pending holds</b>"), panel);

    m_table = new QTableView(panel);
    m_table->setObjectName(QStringLiteral("holdsTable"));
    m_table->setModel(m_holds);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->setTabKeyNavigation(false);
    auto *actions = new HoldActionsDelegate(m_table);
    m_table->setItemDelegateForColumn(HoldsModel::ActionsColumn, actions);
    connect(actions, &HoldActionsDelegate::confirmClicked, this, &CounterView::confirmHold);
    connect(actions, &HoldActionsDelegate::cancelClicked, this, &CounterView::cancelHold);
    QHeaderView *header = m_table->horizontalHeader();
    header->setSectionResizeMode(HoldsModel::ShowColumn, QHeaderView::Stretch);
    header->resizeSection(HoldsModel::ReferenceColumn, 110);
    header->resizeSection(HoldsModel::CustomerColumn, 160);
    header->resizeSection(HoldsModel::SeatsColumn, 90); // "A-11, A-12" for seated shows
    header->resizeSection(HoldsModel::CountdownColumn, 90);
    header->resizeSection(HoldsModel::ActionsColumn, 170);
    // Rows are all the same height: skip measuring hundreds of them.
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 12);

    m_confirmButton = new QPushButton(tr("C&onfirm  (Ctrl+Enter)"), panel);
    m_confirmButton->setObjectName(QStringLiteral("confirmHoldButton"));
    m_cancelButton = new QPushButton(tr("Cance&l hold  (F9)"), panel);
    m_cancelButton->setObjectName(QStringLiteral("cancelHoldButton"));
    auto *clearExpired = new QPushButton(tr("Clear e&xpired"), panel);
    clearExpired->setObjectName(QStringLiteral("clearExpiredButton"));
    clearExpired->setToolTip(tr("Removes the holds that expired or were confirmed or cancelled "
                                "elsewhere"));
    connect(m_confirmButton, &QPushButton::clicked, this, &CounterView::confirmCurrent);
    connect(m_cancelButton, &QPushButton::clicked, this, &CounterView::cancelCurrent);
    connect(clearExpired, &QPushButton::clicked, this, [this] {
        m_holds->removeExpired();
        focusCustomer();
    });

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_confirmButton);
    buttons->addWidget(m_cancelButton);
    buttons->addStretch();
    buttons->addWidget(clearExpired);

    auto *layout = new QVBoxLayout(panel);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(title);
    layout->addWidget(m_table, 1);
    layout->addLayout(buttons);
    return panel;
}

std::optional<Show> CounterView::currentShow() const
{
    const QModelIndex index = m_pickerModel->index(m_picker->currentIndex(), 0);
    if (!index.isValid())
        return std::nullopt;
    return m_shows->showById(index.data(ShowsModel::ShowIdRole).toLongLong());
}

void CounterView::selectShow(qint64 showId)
{
    for (int row = 0; row < m_pickerModel->rowCount(); ++row) {
        if (m_pickerModel->index(row, 0).data(ShowsModel::ShowIdRole).toLongLong() == showId) {
            m_picker->setCurrentIndex(row);
            return;
        }
    }
}

std::optional<qint64> CounterView::currentHoldId() const
{
    const QModelIndexList selected = m_table->selectionModel()->selectedRows();
    if (!selected.isEmpty())
        return selected.first().data(HoldsModel::BookingIdRole).toLongLong();
    for (int row = 0; row < m_holds->rowCount(); ++row) {
        if (m_holds->stateAt(row) == HoldsModel::State::Pending)
            return m_holds->bookingAt(row).id;
    }
    // Only expired ones left: acting on the newest says so instead of "nothing to do".
    if (m_holds->rowCount() > 0)
        return m_holds->bookingAt(0).id;
    return std::nullopt;
}

bool CounterView::eventFilter(QObject *watched, QEvent *event)
{
    // Enter in any field of the form holds; Ctrl+Enter stays free for confirming.
    if (event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        const bool enter = key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter;
        const bool popupOpen = watched == m_picker && m_picker->view()->isVisible();
        if (enter && key->modifiers() == Qt::NoModifier && !popupOpen) {
            hold();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void CounterView::setMaxSeatsPerHold(int seats)
{
    m_seats->setMaximum(std::max(1, seats));
}

void CounterView::setSalesPause(const SalesPauseState &pause)
{
    if (pause == m_pause)
        return;
    m_pause = pause;
    updateSalesPause();
}

void CounterView::setSeatBlockingAllowed(bool allowed)
{
    m_seatActions->setBlockingAllowed(allowed);
}

void CounterView::updateSalesPause()
{
    const auto reason = m_pause.reasonFor(currentShow());
    m_seatActions->setShow(currentShow());
    m_seatActions->setPauseReason(reason.value_or(QString()));
    if (reason) {
        m_pausedBanner->setText(tr("SALES PAUSED — %1 No new holds can be made.").arg(*reason));
        m_holdButton->setToolTip(*reason);
    } else {
        m_holdButton->setToolTip(tr("Hold the seats for this customer (Enter)"));
    }
    m_pausedBanner->setVisible(reason.has_value());
    m_holdButton->setEnabled(!reason && !m_workflow->isHolding());
}

void CounterView::hold()
{
    const std::optional<Show> show = currentShow();
    if (const auto reason = m_pause.reasonFor(show)) {
        m_message->showMessage(InlineMessage::Kind::Warning, *reason);
        return;
    }
    m_workflow->hold(show, m_customer->text(), m_seats->value());
}

void CounterView::confirmCurrent()
{
    if (const auto id = currentHoldId())
        confirmHold(*id);
    else
        m_message->showMessage(InlineMessage::Kind::Info, tr("No pending hold to confirm."));
}

void CounterView::cancelCurrent()
{
    if (const auto id = currentHoldId())
        cancelHold(*id);
    else
        m_message->showMessage(InlineMessage::Kind::Info, tr("No pending hold to cancel."));
}

void CounterView::confirmHold(qint64 bookingId)
{
    m_workflow->confirmHold(bookingId);
}

void CounterView::cancelHold(qint64 bookingId)
{
    m_workflow->cancelHold(bookingId);
}

void CounterView::showConfirmed(const Booking &booking, const QString &showName)
{
    m_confirmedReference->setText(booking.reference);
    m_confirmedDetails->setText(tr("<b>Confirmed</b><br>%1 · %2 · %3")
                                    .arg(booking.userName.toHtmlEscaped(),
                                         UserMessage::seatsOf(booking).toHtmlEscaped(),
                                         showName.toHtmlEscaped()));
    m_confirmedPanel->show();
}

void CounterView::clearForm()
{
    m_customer->clear();
    m_seats->setValue(1);
    m_message->clearMessage();
    m_table->selectionModel()->clearSelection();
    focusCustomer();
}

void CounterView::focusCustomer(Qt::FocusReason reason)
{
    m_customer->setFocus(reason);
}
