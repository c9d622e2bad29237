#include "seatpickerdialog.h"

#include "apilimits.h"
#include "inlinemessage.h"
#include "seatingworkflow.h"
#include "seatmapmodel.h"
#include "seatmapview.h"
#include "showsmodel.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPainter>
#include <QPixmap>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace {
// A small square of the colour a seat is drawn in, for the legend.
QPixmap swatch(const QColor &color, bool crossed = false)
{
    QPixmap pixmap(14, 14);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setPen(QColor(0, 0, 0, 90));
    painter.setBrush(color);
    painter.drawRect(0, 0, 13, 13);
    if (crossed) {
        painter.setPen(QColor(0xcf, 0xd8, 0xdc));
        painter.drawLine(0, 0, 13, 13);
        painter.drawLine(13, 0, 0, 13);
    }
    return pixmap;
}

QWidget *legendEntry(const QPixmap &pixmap, const QString &text, QWidget *parent)
{
    auto *entry = new QWidget(parent);
    auto *icon = new QLabel(entry);
    icon->setPixmap(pixmap);
    auto *layout = new QHBoxLayout(entry);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(icon);
    layout->addWidget(new QLabel(text, entry), 1);
    return entry;
}
} // namespace

SeatPickerDialog::SeatPickerDialog(SeatingWorkflow *workflow, Mode mode, const QString &customer,
                                   QWidget *parent)
    : QDialog(parent), m_workflow(workflow), m_mode(mode)
{
    setObjectName(QStringLiteral("seatPickerDialog"));
    setAttribute(Qt::WA_DeleteOnClose);
    m_workflow->setParent(this);
    SeatMapModel *model = m_workflow->model();
    const Show show = m_workflow->show();
    setWindowTitle(mode == Mode::Sell ? tr("Choose seats — %1").arg(show.name)
                                      : tr("Block seats — %1").arg(show.name));
    model->setSelectableStates(
        mode == Mode::Sell ? QList<Api::SeatState>{Api::SeatState::Free}
                           : QList<Api::SeatState>{Api::SeatState::Free, Api::SeatState::Blocked});

    auto *title =
        new QLabel(QStringLiteral("<b>%1</b> · %2")
                       .arg(show.name.toHtmlEscaped(), ShowsModel::formatStart(show.startTime)),
                   this);
    title->setObjectName(QStringLiteral("seatPickerTitle"));

    m_map = new SeatMapView(this);
    m_map->setModel(model);
    m_counts = new QLabel(this);
    m_counts->setObjectName(QStringLiteral("seatCounts"));
    m_cursorInfo = new QLabel(this);
    m_cursorInfo->setObjectName(QStringLiteral("seatCursorInfo"));
    m_cursorInfo->setStyleSheet(QStringLiteral("color:#555;"));
    m_message = new InlineMessage(this);
    m_message->setObjectName(QStringLiteral("seatPickerMessage"));

    auto *hint = new QLabel(
        mode == Mode::Sell
            ? tr("Click or drag to pick seats · arrows and Space · type a number and Enter for "
                 "the best available · Enter holds the picked seats · wheel or Ctrl+= / Ctrl+- "
                 "zooms · middle button or Space+drag pans")
            : tr("Click or drag to select free or blocked seats · arrows and Space · wheel or "
                 "Ctrl+= / Ctrl+- zooms · middle button or Space+drag pans"),
        this);
    hint->setWordWrap(true);
    hint->setStyleSheet(QStringLiteral("color:#666; font-size:small;"));

    auto *zoomOut = new QPushButton(tr("−"), this);
    zoomOut->setObjectName(QStringLiteral("zoomOutButton"));
    zoomOut->setToolTip(tr("Zoom out (Ctrl+-)"));
    auto *zoomIn = new QPushButton(tr("+"), this);
    zoomIn->setObjectName(QStringLiteral("zoomInButton"));
    zoomIn->setToolTip(tr("Zoom in (Ctrl+=)"));
    auto *fit = new QPushButton(tr("Whole hall"), this);
    fit->setObjectName(QStringLiteral("fitButton"));
    fit->setToolTip(tr("Show the whole plan (Ctrl+0)"));
    for (QPushButton *button : {zoomOut, zoomIn, fit}) {
        button->setAutoDefault(false);
        button->setFocusPolicy(Qt::NoFocus); // the map keeps the keyboard
    }
    connect(zoomOut, &QPushButton::clicked, m_map, &SeatMapView::zoomOut);
    connect(zoomIn, &QPushButton::clicked, m_map, &SeatMapView::zoomIn);
    connect(fit, &QPushButton::clicked, m_map, &SeatMapView::fitToPlan);

    auto *close = new QDialogButtonBox(QDialogButtonBox::Close, this);
    close->button(QDialogButtonBox::Close)->setObjectName(QStringLiteral("closeSeatsButton"));
    close->button(QDialogButtonBox::Close)->setAutoDefault(false);
    connect(close, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *mapRow = new QHBoxLayout;
    mapRow->addWidget(m_map, 1);
    mapRow->addWidget(buildLegend());
    auto *statusRow = new QHBoxLayout;
    statusRow->addWidget(m_counts, 1);
    statusRow->addWidget(m_cursorInfo);
    auto *bottomRow = new QHBoxLayout;
    bottomRow->addWidget(zoomOut);
    bottomRow->addWidget(zoomIn);
    bottomRow->addWidget(fit);
    bottomRow->addStretch();
    bottomRow->addWidget(close);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(title);
    if (mode == Mode::Sell) {
        m_customer = new QLineEdit(customer, this);
        m_customer->setObjectName(QStringLiteral("seatCustomerName"));
        m_customer->setMaxLength(Limits::kMaxUserNameLength);
        m_customer->setPlaceholderText(tr("Customer name"));
        auto *customerRow = new QFormLayout;
        auto *label = new QLabel(tr("C&ustomer:"), this);
        label->setBuddy(m_customer);
        customerRow->addRow(label, m_customer);
        layout->addLayout(customerRow);
    }
    layout->addLayout(mapRow, 1);
    layout->addLayout(statusRow);
    layout->addWidget(mode == Mode::Sell ? buildSellControls() : buildBlockControls());
    layout->addWidget(m_message);
    layout->addWidget(hint);
    layout->addLayout(bottomRow);

    connect(model, &QAbstractItemModel::modelReset, this, [this] {
        updateLegend();
        updateCounts();
        updateButtons();
    });
    connect(model, &SeatMapModel::countsChanged, this, &SeatPickerDialog::updateCounts);
    connect(model, &SeatMapModel::selectionChanged, this, [this] {
        updateCounts();
        updateButtons();
    });
    connect(model, &SeatMapModel::selectionDropped, this, [this](const QStringList &labels) {
        m_message->showMessage(
            InlineMessage::Kind::Warning,
            labels.size() == 1
                ? tr("%1 was just taken elsewhere; it is no longer picked.").arg(labels.first())
                : tr("%1 were just taken elsewhere; they are no longer picked.")
                      .arg(labels.join(QStringLiteral(", "))));
    });
    connect(m_map, &SeatMapView::cursorMoved, this, &SeatPickerDialog::updateCursorInfo);
    connect(m_workflow, &SeatingWorkflow::notice, m_message, &InlineMessage::showNotice);
    connect(m_workflow, &SeatingWorkflow::busyChanged, this, &SeatPickerDialog::updateButtons);
    connect(m_workflow, &SeatingWorkflow::held, this, &QDialog::accept);
    connect(m_workflow, &SeatingWorkflow::holdFailed, this,
            [this](HoldWorkflow::HoldProblem problem) {
                if (problem == HoldWorkflow::HoldProblem::NoCustomer && m_customer)
                    m_customer->setFocus();
                else
                    m_map->setFocus();
            });

    updateLegend();
    updateCounts();
    updateButtons();
    resize(1000, 660);
    // Straight to the map when the counter has the name already.
    if (m_customer && m_customer->text().trimmed().isEmpty())
        m_customer->setFocus();
    else
        m_map->setFocus();
}

QWidget *SeatPickerDialog::buildSellControls()
{
    auto *controls = new QWidget(this);
    m_accessible = new QCheckBox(tr("Acc&essible"), controls);
    m_accessible->setObjectName(QStringLiteral("accessibleCheck"));
    m_accessible->setToolTip(tr("Best available includes an accessible seat"));
    m_bestCount = new QSpinBox(controls);
    m_bestCount->setObjectName(QStringLiteral("bestCount"));
    m_bestCount->setRange(1, std::max(1, m_workflow->maxSeatsPerHold()));
    m_bestCount->setValue(std::min(2, m_bestCount->maximum()));
    m_bestHold = new QPushButton(tr("H&old best"), controls);
    m_bestHold->setObjectName(QStringLiteral("bestHoldButton"));
    m_bestHold->setToolTip(tr("Hold the best seats side by side (type the number on the map, "
                              "then Enter)"));
    m_holdSelected = new QPushButton(controls);
    m_holdSelected->setObjectName(QStringLiteral("holdSelectedButton"));
    m_holdSelected->setToolTip(tr("Hold the picked seats (Enter on the map)"));
    for (QPushButton *button : {m_bestHold, m_holdSelected})
        button->setAutoDefault(false);
    connect(m_bestHold, &QPushButton::clicked, this, [this] { holdBest(m_bestCount->value()); });
    connect(m_holdSelected, &QPushButton::clicked, this, &SeatPickerDialog::holdSelected);
    connect(m_map, &SeatMapView::bestAvailableRequested, this, &SeatPickerDialog::holdBest);
    connect(m_map, &SeatMapView::holdSelectionRequested, this, &SeatPickerDialog::holdSelected);
    connect(m_map, &SeatMapView::typedCountChanged, this, [this](int count) {
        if (count > 0)
            m_bestCount->setValue(count);
    });

    auto *layout = new QHBoxLayout(controls);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *bestLabel = new QLabel(tr("Best available:"), controls);
    bestLabel->setBuddy(m_bestCount);
    layout->addWidget(bestLabel);
    layout->addWidget(m_bestCount);
    layout->addWidget(m_accessible);
    layout->addWidget(m_bestHold);
    layout->addStretch();
    layout->addWidget(m_holdSelected);
    return controls;
}

QWidget *SeatPickerDialog::buildBlockControls()
{
    auto *controls = new QWidget(this);
    m_block = new QPushButton(tr("&Block selected"), controls);
    m_block->setObjectName(QStringLiteral("blockSelectedButton"));
    m_block->setToolTip(tr("Take the selected free seats out of sale for this show"));
    m_unblock = new QPushButton(tr("&Unblock selected"), controls);
    m_unblock->setObjectName(QStringLiteral("unblockSelectedButton"));
    m_unblock->setToolTip(tr("Put the selected blocked seats back on sale"));
    for (QPushButton *button : {m_block, m_unblock})
        button->setAutoDefault(false);
    connect(m_block, &QPushButton::clicked, m_workflow, &SeatingWorkflow::blockSelected);
    connect(m_unblock, &QPushButton::clicked, m_workflow, &SeatingWorkflow::unblockSelected);
    auto *layout = new QHBoxLayout(controls);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addStretch();
    layout->addWidget(m_block);
    layout->addWidget(m_unblock);
    return controls;
}

QWidget *SeatPickerDialog::buildLegend()
{
    m_legend = new QWidget(this);
    m_legend->setObjectName(QStringLiteral("seatLegend"));
    m_legendLayout = new QVBoxLayout(m_legend);
    m_legendLayout->setContentsMargins(4, 0, 0, 0);
    return m_legend;
}

void SeatPickerDialog::updateLegend()
{
    while (QLayoutItem *item = m_legendLayout->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    const QStringList categories = m_workflow->model()->categories();
    for (int i = 0; i < categories.size(); ++i) {
        const QString name = categories.at(i).isEmpty() ? tr("free") : categories.at(i);
        m_legendLayout->addWidget(legendEntry(swatch(SeatMapView::categoryColor(i)),
                                              tr("%1 (free)").arg(name), m_legend));
    }
    using State = Api::SeatState;
    m_legendLayout->addWidget(legendEntry(swatch(SeatMapView::selectedColor()),
                                          m_mode == Mode::Sell ? tr("picked") : tr("selected"),
                                          m_legend));
    m_legendLayout->addWidget(
        legendEntry(swatch(SeatMapView::stateColor(State::Held)), tr("held"), m_legend));
    m_legendLayout->addWidget(
        legendEntry(swatch(SeatMapView::stateColor(State::Sold)), tr("sold"), m_legend));
    m_legendLayout->addWidget(legendEntry(swatch(SeatMapView::stateColor(State::Blocked), true),
                                          tr("blocked"), m_legend));
    auto *marks = new QLabel(tr("● accessible\n▁ restricted view"), m_legend);
    marks->setStyleSheet(QStringLiteral("color:#555;"));
    m_legendLayout->addWidget(marks);
    m_legendLayout->addStretch();
}

void SeatPickerDialog::updateCounts()
{
    const SeatMapModel *model = m_workflow->model();
    const Api::SeatCounts counts = model->counts();
    QString text = tr("Free %1 · Held %2 · Sold %3 · Blocked %4")
                       .arg(counts.free)
                       .arg(counts.held)
                       .arg(counts.sold)
                       .arg(counts.blocked);
    if (model->selectedCount() > 0) {
        const QStringList labels = model->selectedLabels();
        QString list = labels.mid(0, 8).join(QStringLiteral(", "));
        if (labels.size() > 8)
            list += tr(" …");
        text += tr(" — %1 picked: %2").arg(model->selectedCount()).arg(list);
    }
    m_counts->setText(text);
}

void SeatPickerDialog::updateButtons()
{
    const int selected = m_workflow->model()->selectedCount();
    const bool busy = m_workflow->isBusy();
    if (m_holdSelected) {
        m_holdSelected->setText(selected > 0 ? tr("&Hold selected (%1)  ⏎").arg(selected)
                                             : tr("&Hold selected"));
        m_holdSelected->setEnabled(selected > 0 && !busy);
        m_bestHold->setEnabled(!busy);
    }
    if (m_block) {
        m_block->setEnabled(selected > 0 && !busy);
        m_unblock->setEnabled(selected > 0 && !busy);
    }
}

void SeatPickerDialog::updateCursorInfo(int row)
{
    const SeatMapModel *model = m_workflow->model();
    m_cursorInfo->setText(row >= 0 && row < model->rowCount() ? model->describe(row) : QString());
}

void SeatPickerDialog::holdBest(int count)
{
    if (m_mode != Mode::Sell)
        return;
    m_workflow->holdBestAvailable(m_customer->text(), count, m_accessible->isChecked());
}

void SeatPickerDialog::holdSelected()
{
    if (m_mode != Mode::Sell)
        return;
    m_workflow->holdSelected(m_customer->text());
}
