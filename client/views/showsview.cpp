#include "showsview.h"

#include "apiclient.h"
#include "availabilitydelegate.h"
#include "clientlogging.h"
#include "inlinemessage.h"
#include "showbookingsdialog.h"
#include "showdialog.h"
#include "showfilterproxymodel.h"
#include "showsmodel.h"
#include "usermessage.h"

#include <QCheckBox>
#include <QDateEdit>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QShortcut>
#include <QTableView>
#include <QVBoxLayout>

ShowsView::ShowsView(ApiClient *api, ShowsModel *shows, QWidget *parent)
    : QWidget(parent), m_api(api), m_shows(shows), m_proxy(new ShowFilterProxyModel(this))
{
    setObjectName(QStringLiteral("showsView"));
    m_proxy->setSourceModel(shows);

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("showsTable"));
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(ShowsModel::StartColumn, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setAlternatingRowColors(true);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 10);
    m_table->setItemDelegateForColumn(ShowsModel::AvailabilityColumn,
                                      new AvailabilityDelegate(m_table));
    QHeaderView *header = m_table->horizontalHeader();
    header->setSectionResizeMode(ShowsModel::NameColumn, QHeaderView::Stretch);
    header->setSectionResizeMode(ShowsModel::StartColumn, QHeaderView::ResizeToContents);
    header->resizeSection(ShowsModel::AvailabilityColumn, 190);
    for (int column = ShowsModel::CapacityColumn; column <= ShowsModel::AvailableColumn; ++column)
        header->resizeSection(column, 80);

    m_new = new QPushButton(tr("&New show…"), this);
    m_new->setObjectName(QStringLiteral("newShowButton"));
    m_new->setShortcut(QKeySequence::New);
    m_new->setToolTip(tr("Create a show (%1)")
                          .arg(QKeySequence(QKeySequence::New).toString(QKeySequence::NativeText)));
    m_edit = new QPushButton(tr("&Edit…"), this);
    m_edit->setObjectName(QStringLiteral("editShowButton"));
    m_edit->setToolTip(tr("Rename, reschedule or resize the selected show (F2)"));
    m_cancel = new QPushButton(tr("Cancel show…"), this);
    m_cancel->setObjectName(QStringLiteral("cancelShowButton"));
    m_cancel->setToolTip(tr("Cancel the selected show and all its bookings (Delete)"));
    m_bookings = new QPushButton(tr("&Bookings…"), this);
    m_bookings->setObjectName(QStringLiteral("showBookingsButton"));
    m_bookings->setToolTip(tr("List the selected show's bookings (Ctrl+B)"));
    connect(m_new, &QPushButton::clicked, this, &ShowsView::newShow);
    connect(m_edit, &QPushButton::clicked, this, &ShowsView::editSelectedShow);
    connect(m_cancel, &QPushButton::clicked, this, &ShowsView::cancelSelectedShow);
    connect(m_bookings, &QPushButton::clicked, this, &ShowsView::showBookingsOfSelected);

    auto *editShortcut = new QShortcut(QKeySequence(Qt::Key_F2), m_table);
    connect(editShortcut, &QShortcut::activated, this, &ShowsView::editSelectedShow);
    auto *cancelShortcut = new QShortcut(QKeySequence::Delete, m_table);
    connect(cancelShortcut, &QShortcut::activated, this, &ShowsView::cancelSelectedShow);
    auto *bookingsShortcut = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_B), this);
    bookingsShortcut->setContext(Qt::WidgetWithChildrenShortcut);
    connect(bookingsShortcut, &QShortcut::activated, this, &ShowsView::showBookingsOfSelected);
    connect(m_table, &QTableView::doubleClicked, this, [this] {
        if (m_admin)
            editSelectedShow();
    });

    m_message = new InlineMessage(this);
    m_message->setObjectName(QStringLiteral("showsMessage"));

    auto *filterRow = new QHBoxLayout;
    buildFilters(filterRow);
    auto *actionRow = new QHBoxLayout;
    actionRow->addWidget(m_new);
    actionRow->addWidget(m_edit);
    actionRow->addWidget(m_cancel);
    actionRow->addWidget(m_bookings);
    actionRow->addStretch();

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(filterRow);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_message);
    layout->addLayout(actionRow);

    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &ShowsView::updateActions);
    connect(m_shows, &ShowsModel::dataChanged, this, &ShowsView::updateActions);
    setAdminEnabled(false);
}

void ShowsView::buildFilters(QHBoxLayout *row)
{
    m_filter = new QLineEdit(this);
    m_filter->setObjectName(QStringLiteral("showsFilter"));
    m_filter->setPlaceholderText(tr("Filter by name"));
    m_filter->setClearButtonEnabled(true);
    connect(m_filter, &QLineEdit::textChanged, m_proxy, &ShowFilterProxyModel::setNameFilter);

    m_dateEnabled = new QCheckBox(tr("On &date:"), this);
    m_dateEnabled->setObjectName(QStringLiteral("showsDateFilterEnabled"));
    m_date = new QDateEdit(QDate::currentDate(), this);
    m_date->setObjectName(QStringLiteral("showsDateFilter"));
    m_date->setCalendarPopup(true);
    m_date->setEnabled(false);
    const auto applyDate = [this] {
        m_date->setEnabled(m_dateEnabled->isChecked());
        m_proxy->setDateFilter(m_dateEnabled->isChecked() ? std::optional(m_date->date())
                                                          : std::nullopt);
    };
    connect(m_dateEnabled, &QCheckBox::toggled, this, applyDate);
    connect(m_date, &QDateEdit::dateChanged, this, applyDate);

    m_hideCancelled = new QCheckBox(tr("&Hide cancelled"), this);
    m_hideCancelled->setObjectName(QStringLiteral("showsHideCancelled"));
    connect(m_hideCancelled, &QCheckBox::toggled, m_proxy, &ShowFilterProxyModel::setHideCancelled);

    auto *filterLabel = new QLabel(tr("&Filter:"), this);
    filterLabel->setBuddy(m_filter);
    row->addWidget(filterLabel);
    row->addWidget(m_filter, 1);
    row->addWidget(m_dateEnabled);
    row->addWidget(m_date);
    row->addWidget(m_hideCancelled);
}

void ShowsView::focusFilter()
{
    m_filter->setFocus(Qt::ShortcutFocusReason);
    m_filter->selectAll();
}

void ShowsView::focusTable()
{
    m_table->setFocus(Qt::ShortcutFocusReason);
}

void ShowsView::setAdminEnabled(bool enabled)
{
    m_admin = enabled;
    m_new->setEnabled(enabled);
    updateActions();
    const QString needsToken = enabled ? QString() : tr("Needs an admin token (File › Connection)");
    m_new->setStatusTip(needsToken);
}

std::optional<Show> ShowsView::selectedShow() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return std::nullopt;
    return m_shows->showById(rows.first().data(ShowsModel::ShowIdRole).toLongLong());
}

void ShowsView::selectShow(qint64 showId)
{
    const int sourceRow = m_shows->rowOfShow(showId);
    if (sourceRow < 0)
        return;
    const QModelIndex index = m_proxy->mapFromSource(m_shows->index(sourceRow, 0));
    if (!index.isValid())
        return;
    m_table->selectionModel()->select(index, QItemSelectionModel::ClearAndSelect |
                                                 QItemSelectionModel::Rows);
    m_table->setCurrentIndex(index);
    m_table->scrollTo(index);
}

void ShowsView::updateActions()
{
    const auto show = selectedShow();
    const bool editable = m_admin && show && !show->isCancelled();
    m_edit->setEnabled(editable);
    m_cancel->setEnabled(editable);
    m_bookings->setEnabled(m_admin && show.has_value());
}

void ShowsView::newShow()
{
    if (!m_admin || m_dialog)
        return;
    m_dialog = new ShowDialog(this);
    m_dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_dialog, &ShowDialog::submitted, this, &ShowsView::submitDialog);
    m_dialog->open();
}

void ShowsView::editSelectedShow()
{
    const auto show = selectedShow();
    if (!m_admin || !show || show->isCancelled() || m_dialog)
        return;
    m_dialog = new ShowDialog(*show, this);
    m_dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_dialog, &ShowDialog::submitted, this, &ShowsView::submitDialog);
    m_dialog->open();
}

void ShowsView::submitDialog()
{
    QPointer<ShowDialog> dialog = m_dialog;
    if (!dialog)
        return;
    dialog->setBusy(true);
    const auto done = [this, dialog](const Result<Show> &result) {
        if (!dialog)
            return;
        dialog->setBusy(false);
        if (!result) {
            dialog->showError(UserMessage::forError(result.error()));
            return;
        }
        const bool edited = dialog->isEditing();
        dialog->accept();
        m_shows->upsertShow(*result);
        selectShow(result->id);
        m_message->showMessage(
            InlineMessage::Kind::Success,
            edited ? tr("Saved “%1”.").arg(result->name)
                   : tr("Created “%1” with %2.")
                         .arg(result->name, UserMessage::seats(result->totalSeats)));
        emit showsChanged();
    };
    if (dialog->isEditing()) {
        m_api->updateShow(dialog->showId(), dialog->changes(), dialog, done);
    } else {
        m_api->createShow(dialog->draft(), dialog, done);
    }
}

void ShowsView::cancelSelectedShow()
{
    const auto show = selectedShow();
    if (!m_admin || !show || show->isCancelled() || m_confirmation)
        return;
    // Count what would be lost first, so the question can say it.
    BookingQuery query;
    query.statuses = {Booking::Status::Pending, Booking::Status::Confirmed};
    query.limit = 1;
    m_message->showMessage(InlineMessage::Kind::Info,
                           tr("Counting bookings of “%1”…").arg(show->name));
    m_api->fetchShowBookings(show->id, query, this, [this, show](const Result<BookingPage> &page) {
        if (!page) {
            m_message->showMessage(InlineMessage::Kind::Error, UserMessage::forError(page.error()));
            return;
        }
        m_message->clearMessage();
        askToCancel(*show, page->totalCount);
    });
}

void ShowsView::askToCancel(const Show &show, int bookings)
{
    if (m_confirmation)
        return;
    const QString consequence =
        bookings == 0 ? tr("No bookings are affected.")
                      : tr("This cancels %1 (held or confirmed) and releases their seats.")
                            .arg(UserMessage::bookings(bookings));
    m_confirmation = new QMessageBox(
        QMessageBox::Warning, tr("Cancel show"),
        tr("Cancel “%1” on %2?").arg(show.name, ShowsModel::formatStart(show.startTime)),
        QMessageBox::NoButton, this);
    m_confirmation->setObjectName(QStringLiteral("cancelShowConfirmation"));
    m_confirmation->setInformativeText(consequence + QLatin1Char('\n') +
                                       tr("This cannot be undone."));
    QPushButton *yes = m_confirmation->addButton(tr("Cancel show"), QMessageBox::DestructiveRole);
    yes->setObjectName(QStringLiteral("confirmCancelShow"));
    QPushButton *no = m_confirmation->addButton(tr("Keep show"), QMessageBox::RejectRole);
    m_confirmation->setDefaultButton(no);
    m_confirmation->setAttribute(Qt::WA_DeleteOnClose);
    const qint64 showId = show.id;
    connect(
        m_confirmation, &QMessageBox::buttonClicked, this,
        [this, yes, showId](QAbstractButton *clicked) {
            if (clicked != yes)
                return;
            m_api->cancelShow(showId, this, [this](const Result<ShowCancellation> &result) {
                if (!result) {
                    m_message->showMessage(InlineMessage::Kind::Error,
                                           UserMessage::forError(result.error()));
                    return;
                }
                m_shows->upsertShow(result->show);
                m_message->showMessage(
                    InlineMessage::Kind::Success,
                    tr("Cancelled “%1”; %2 cancelled.")
                        .arg(result->show.name, UserMessage::bookings(result->cancelledBookings)));
                emit showsChanged();
            });
        });
    m_confirmation->open();
}

void ShowsView::showBookingsOfSelected()
{
    const auto show = selectedShow();
    if (!m_admin || !show)
        return;
    auto *dialog = new ShowBookingsDialog(m_api, m_shows, *show, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
}
