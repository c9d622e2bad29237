#include "showbookingsdialog.h"

#include "apiclient.h"
#include "apilimits.h"
#include "bookingsmodel.h"
#include "inlinemessage.h"
#include "showsmodel.h"
#include "usermessage.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

namespace {
constexpr int kPageSize = 50;
using Status = Booking::Status;
} // namespace

ShowBookingsDialog::ShowBookingsDialog(ApiClient *api, ShowsModel *shows, const Show &show,
                                       QWidget *parent)
    : QDialog(parent), m_api(api), m_show(show), m_model(new BookingsModel(this))
{
    setObjectName(QStringLiteral("showBookingsDialog"));
    setWindowTitle(tr("Bookings — %1").arg(show.name));

    auto *title =
        new QLabel(QStringLiteral("<b>%1</b><br>%2")
                       .arg(show.name.toHtmlEscaped(), ShowsModel::formatStart(show.startTime)),
                   this);

    m_status = new QComboBox(this);
    m_status->setObjectName(QStringLiteral("bookingStatusFilter"));
    m_status->addItem(tr("Held and confirmed"), QVariant::fromValue(QList<int>{
                                                    int(Status::Pending), int(Status::Confirmed)}));
    m_status->addItem(tr("Held"), QVariant::fromValue(QList<int>{int(Status::Pending)}));
    m_status->addItem(tr("Confirmed"), QVariant::fromValue(QList<int>{int(Status::Confirmed)}));
    m_status->addItem(tr("Cancelled"), QVariant::fromValue(QList<int>{int(Status::Cancelled)}));
    m_status->addItem(tr("Expired"), QVariant::fromValue(QList<int>{int(Status::Expired)}));
    m_status->addItem(tr("All"), QVariant::fromValue(QList<int>{}));
    connect(m_status, &QComboBox::currentIndexChanged, this, &ShowBookingsDialog::reload);

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("bookingsTable"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 10);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setSectionResizeMode(BookingsModel::CustomerColumn,
                                                      QHeaderView::Stretch);

    m_count = new QLabel(this);
    m_count->setObjectName(QStringLiteral("bookingsCount"));
    m_more = new QPushButton(tr("Load &more"), this);
    connect(m_more, &QPushButton::clicked, this, &ShowBookingsDialog::loadMore);
    m_message = new InlineMessage(this);

    auto *statusLabel = new QLabel(tr("&Status:"), this);
    statusLabel->setBuddy(m_status);
    auto *filterRow = new QHBoxLayout;
    filterRow->addWidget(statusLabel);
    filterRow->addWidget(m_status);
    filterRow->addStretch();
    filterRow->addWidget(m_count);
    filterRow->addWidget(m_more);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(title);
    layout->addLayout(filterRow);
    layout->addWidget(m_table);
    layout->addWidget(m_message);
    layout->addWidget(buttons);
    resize(760, 480);

    m_refreshDelay.setSingleShot(true);
    m_refreshDelay.setInterval(kRefreshDelayMs);
    connect(&m_refreshDelay, &QTimer::timeout, this, &ShowBookingsDialog::refresh);
    connect(shows, &ShowsModel::showChanged, this, [this](const Show &changed) {
        // Not restarted by each change: a show selling steadily still refreshes.
        if (changed.id == m_show.id && !m_refreshDelay.isActive())
            m_refreshDelay.start();
    });

    reload();
}

void ShowBookingsDialog::reload()
{
    ++m_generation;
    m_model->setBookings({});
    m_total = 0;
    load(0, kPageSize, false);
}

void ShowBookingsDialog::refresh()
{
    ++m_generation;
    load(0, std::clamp(int(m_model->rowCount()), kPageSize, Limits::kMaxPageSize), true);
}

void ShowBookingsDialog::loadMore()
{
    load(m_model->rowCount(), kPageSize, false);
}

void ShowBookingsDialog::load(int offset, int limit, bool replace)
{
    BookingQuery query;
    for (int status : m_status->currentData().value<QList<int>>())
        query.statuses.append(Status(status));
    query.limit = limit;
    query.offset = offset;
    m_more->setEnabled(false);
    const int generation = m_generation;
    m_api->fetchShowBookings(m_show.id, query, this,
                             [this, generation, replace](const Result<BookingPage> &page) {
                                 if (generation != m_generation)
                                     return;
                                 if (!page) {
                                     m_message->showMessage(InlineMessage::Kind::Error,
                                                            UserMessage::forError(page.error()));
                                     updateCounts();
                                     return;
                                 }
                                 m_message->clearMessage();
                                 m_total = page->totalCount;
                                 if (replace)
                                     m_model->setBookings(page->bookings);
                                 else
                                     m_model->appendBookings(page->bookings);
                                 m_table->resizeColumnsToContents();
                                 updateCounts();
                                 emit pageLoaded();
                             });
}

void ShowBookingsDialog::updateCounts()
{
    m_count->setText(tr("Showing %1 of %2").arg(m_model->rowCount()).arg(m_total));
    m_more->setEnabled(m_model->rowCount() < m_total);
}
