<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="vi">
<context>
    <name>BackgroundSync</name>
    <message>
        <source>Máy này không có kho khóa để lưu phiên đăng nhập (%1); hãy đăng nhập lại ở Cài đặt › Máy chủ.</source>
        <translation>This computer has no keyring to keep the login (%1); log in again in Settings › Server.</translation>
    </message>
    <message>
        <source>Chưa có phiên đăng nhập máy chủ; hãy đăng nhập ở Cài đặt › Máy chủ.</source>
        <translation>Not logged in to the server; log in in Settings › Server.</translation>
    </message>
</context>
<context>
    <name>Capture</name>
    <message>
        <source>độ phân giải dưới 200 dpi</source>
        <translation>resolution below 200 dpi</translation>
    </message>
    <message>
        <source>ảnh quá tối</source>
        <translation>image too dark</translation>
    </message>
    <message>
        <source>ảnh quá nhạt</source>
        <translation>image too light</translation>
    </message>
    <message>
        <source>ảnh bị mờ</source>
        <translation>blurry image</translation>
    </message>
</context>
<context>
    <name>CaptureController</name>
    <message>
        <source>Chưa có trang nào: quét (F5) hoặc chọn tệp (Ctrl+O).</source>
        <translation>No pages yet: scan (F5) or choose files (Ctrl+O).</translation>
    </message>
    <message>
        <source>Đang mở trang…</source>
        <translation>Opening pages…</translation>
    </message>
</context>
<context>
    <name>CapturePage</name>
    <message>
        <source>Tìm máy quét</source>
        <translation>Find scanners</translation>
    </message>
    <message>
        <source>Khay nạp giấy</source>
        <translation>Document feeder</translation>
    </message>
    <message>
        <source>Mặt kính</source>
        <translation>Flatbed</translation>
    </message>
    <message>
        <source>Quét hai mặt</source>
        <translation>Both sides</translation>
    </message>
    <message>
        <source>Màu</source>
        <translation>Colour</translation>
    </message>
    <message>
        <source>Xám</source>
        <translation>Gray</translation>
    </message>
    <message>
        <source>Ghi nhớ thiết lập</source>
        <translation>Remember settings</translation>
    </message>
    <message>
        <source>Quét</source>
        <translation>Scan</translation>
    </message>
    <message>
        <source>Thêm tệp…</source>
        <translation>Add files…</translation>
    </message>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Xoay trái</source>
        <translation>Rotate left</translation>
    </message>
    <message>
        <source>Xoay phải</source>
        <translation>Rotate right</translation>
    </message>
    <message>
        <source>Xóa trang</source>
        <translation>Delete page</translation>
    </message>
    <message>
        <source>Văn bản mới từ trang này</source>
        <translation>New document from this page</translation>
    </message>
    <message>
        <source>Tiếp tục đăng ký</source>
        <translation>Continue to registration</translation>
    </message>
    <message>
        <source>Nguồn:</source>
        <translation>Source:</translation>
    </message>
    <message>
        <source>Thiết lập:</source>
        <translation>Settings:</translation>
    </message>
    <message>
        <source>Tệp trên máy (PDF, ảnh)</source>
        <translation>Files on this computer (PDF, images)</translation>
    </message>
    <message>
        <source>Hồ sơ: {name}</source>
        <translation>Profile: {name}</translation>
    </message>
    <message>
        <source>{name} (không dùng được: {reason})</source>
        <translation>{name} (unavailable: {reason})</translation>
    </message>
    <message>
        <source>Đang tìm máy quét…</source>
        <translation>Looking for scanners…</translation>
    </message>
    <message>
        <source>Tìm thấy {n} máy quét dùng được.</source>
        <translation>Found {n} usable scanners.</translation>
    </message>
    <message>
        <source>Đã ghi nhớ thiết lập cho {name}.</source>
        <translation>Settings remembered for {name}.</translation>
    </message>
    <message>
        <source>Đang quét…</source>
        <translation>Scanning…</translation>
    </message>
    <message>
        <source>Đã hủy sau {n} trang; các trang đã quét vẫn được giữ.</source>
        <translation>Cancelled after {n} pages; the scanned pages are kept.</translation>
    </message>
    <message>
        <source>Đã quét {n} trang.</source>
        <translation>Scanned {n} pages.</translation>
    </message>
    <message>
        <source>Chọn tệp cần số hóa</source>
        <translation>Choose files to digitize</translation>
    </message>
    <message>
        <source>Bản quét (*.pdf *.jpg *.jpeg *.png *.tif *.tiff)</source>
        <translation>Scans (*.pdf *.jpg *.jpeg *.png *.tif *.tiff)</translation>
    </message>
    <message>
        <source>Đang đọc tệp…</source>
        <translation>Reading files…</translation>
    </message>
    <message>
        <source>Tệp PDF điện tử được giữ nguyên, chuyển sang đăng ký.</source>
        <translation>The electronic PDF is kept as it is and goes on to registration.</translation>
    </message>
    <message>
        <source>Đã thêm {n} trang.</source>
        <translation>Added {n} pages.</translation>
    </message>
    <message>
        <source>Chưa có trang nào.</source>
        <translation>No pages yet.</translation>
    </message>
    <message>
        <source>Đang làm sạch và nhận dạng chữ…</source>
        <translation>Cleaning pages and recognizing text…</translation>
    </message>
    <message>
        <source>Đã tạo {n} văn bản: {names}.</source>
        <translation>Created {n} documents: {names}.</translation>
    </message>
    <message>
        <source>Đã hủy; các trang đã có vẫn được giữ.</source>
        <translation>Cancelled; the pages so far are kept.</translation>
    </message>
    <message>
        <source>Đang hủy…</source>
        <translation>Cancelling…</translation>
    </message>
</context>
<context>
    <name>CaptureStep</name>
    <message>
        <source>Tệp bản quét trên máy (PDF, ảnh)</source>
        <translation>Scan files on this computer (PDF, images)</translation>
    </message>
    <message>
        <source>Tìm máy quét</source>
        <translation>Find scanners</translation>
    </message>
    <message>
        <source>Khay nạp giấy</source>
        <translation>Document feeder</translation>
    </message>
    <message>
        <source>Mặt kính</source>
        <translation>Flatbed</translation>
    </message>
    <message>
        <source>Hai mặt</source>
        <translation>Both sides</translation>
    </message>
    <message>
        <source>Màu</source>
        <translation>Colour</translation>
    </message>
    <message>
        <source>Lưu thành hồ sơ máy quét</source>
        <translation>Save as scanner profile</translation>
    </message>
    <message>
        <source>Quét (F5)</source>
        <translation>Scan (F5)</translation>
    </message>
    <message>
        <source>Chọn tệp… (Ctrl+O)</source>
        <translation>Choose files… (Ctrl+O)</translation>
    </message>
    <message>
        <source>Đặt cả xấp văn bản vào khay, chèn tờ phân cách giữa các văn bản; hoặc chọn tệp bản quét. Các trang hiện ra ngay khi quét xong.</source>
        <translation>Put the whole stack in the feeder with a separator sheet between documents, or choose scan files. Pages appear as soon as they are scanned.</translation>
    </message>
    <message>
        <source>Nguồn:</source>
        <translation>Source:</translation>
    </message>
    <message>
        <source>Thiết lập:</source>
        <translation>Settings:</translation>
    </message>
    <message>
        <source>Nguồn bản quét</source>
        <translation>Scan source</translation>
    </message>
    <message>
        <source>Khay giấy</source>
        <translation>Paper source</translation>
    </message>
    <message>
        <source>Độ phân giải</source>
        <translation>Resolution</translation>
    </message>
    <message>
        <source>Các trang đã quét</source>
        <translation>Scanned pages</translation>
    </message>
    <message>
        <source>Hồ sơ: {name}</source>
        <translation>Profile: {name}</translation>
    </message>
    <message>
        <source>{name} (không dùng được: {reason})</source>
        <translation>{name} (unavailable: {reason})</translation>
    </message>
</context>
<context>
    <name>CaseFileSection</name>
    <message>
        <source>Hồ sơ</source>
        <translation>Case files</translation>
    </message>
    <message>
        <source>Đưa vào hồ sơ… (gõ số, ký hiệu hoặc tên hồ sơ)</source>
        <translation>File into a case file… (type its code or title)</translation>
    </message>
    <message>
        <source>Đưa vào hồ sơ</source>
        <translation>File</translation>
    </message>
    <message>
        <source>Rút khỏi hồ sơ</source>
        <translation>Take out</translation>
    </message>
    <message>
        <source>Bỏ văn bản ra khỏi hồ sơ đang chọn (chỉ khi hồ sơ chưa kết thúc)</source>
        <translation>Take the document out of the selected case file (only while the file is open)</translation>
    </message>
    <message>
        <source>{code} — số thứ tự {ordinal} — {title}</source>
        <translation>{code} — number {ordinal} — {title}</translation>
    </message>
    <message>
        <source>(đã kết thúc)</source>
        <translation>(closed)</translation>
    </message>
    <message>
        <source>Văn bản chưa thuộc hồ sơ nào.</source>
        <translation>The document is in no case file yet.</translation>
    </message>
    <message>
        <source>Đã đưa văn bản vào hồ sơ {code}, số thứ tự {ordinal}.</source>
        <translation>Document filed in case file {code} as number {ordinal}.</translation>
    </message>
    <message>
        <source>Đã rút văn bản khỏi hồ sơ {code}.</source>
        <translation>Document taken out of case file {code}.</translation>
    </message>
</context>
<context>
    <name>CaseFilesDialog</name>
    <message>
        <source>Hồ sơ</source>
        <translation>Case files</translation>
    </message>
    <message>
        <source>Năm:</source>
        <translation>Year:</translation>
    </message>
    <message>
        <source>&amp;Nhập danh mục từ Excel…</source>
        <translation>&amp;Import the list from Excel…</translation>
    </message>
    <message>
        <source>In &amp;danh mục hồ sơ…</source>
        <translation>Print the case-file &amp;list…</translation>
    </message>
    <message>
        <source>&amp;Mở hồ sơ…</source>
        <translation>&amp;Open a case file…</translation>
    </message>
    <message>
        <source>Số và ký hiệu hồ sơ</source>
        <translation>Case-file code</translation>
    </message>
    <message>
        <source>Tiêu đề hồ sơ</source>
        <translation>Case-file title</translation>
    </message>
    <message>
        <source>Thời hạn bảo quản</source>
        <translation>Retention</translation>
    </message>
    <message>
        <source>Ngày bắt đầu</source>
        <translation>Start date</translation>
    </message>
    <message>
        <source>Ngày kết thúc</source>
        <translation>End date</translation>
    </message>
    <message>
        <source>Số văn bản</source>
        <translation>Documents</translation>
    </message>
    <message>
        <source>Trạng thái</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>STT</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>Số, ký hiệu</source>
        <translation>Number</translation>
    </message>
    <message>
        <source>Ngày tháng</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Tên loại và trích yếu</source>
        <translation>Type and subject</translation>
    </message>
    <message>
        <source>Tác giả</source>
        <translation>Author</translation>
    </message>
    <message>
        <source>&amp;Thêm văn bản đang chọn</source>
        <translation>&amp;Add the selected document</translation>
    </message>
    <message>
        <source>&amp;Kết thúc hồ sơ</source>
        <translation>&amp;Close the case file</translation>
    </message>
    <message>
        <source>In &amp;mục lục văn bản…</source>
        <translation>Print the &amp;contents…</translation>
    </message>
    <message>
        <source>Tạo &amp;gói nộp lưu…</source>
        <translation>Make the archive &amp;package…</translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Chưa mở hồ sơ nào trong năm {year}; danh mục có {n} hồ sơ.</source>
        <translation>No case file opened in {year} yet; the list has {n} case files.</translation>
    </message>
    <message>
        <source>Đã kết thúc</source>
        <translation>Closed</translation>
    </message>
    <message>
        <source>Đang lập</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>Hồ sơ {code}: {n} văn bản.</source>
        <translation>Case file {code}: {n} documents.</translation>
    </message>
    <message>
        <source>Đã mở hồ sơ {code}.</source>
        <translation>Case file {code} opened.</translation>
    </message>
    <message>
        <source>Chọn một văn bản trong sổ đăng ký trước.</source>
        <translation>Select a document in the register first.</translation>
    </message>
    <message>
        <source>Đã đưa văn bản vào hồ sơ {code}, số thứ tự {ordinal}.</source>
        <translation>Document filed in case file {code} as number {ordinal}.</translation>
    </message>
    <message>
        <source>Kết thúc hồ sơ</source>
        <translation>Close the case file</translation>
    </message>
    <message>
        <source>Vẫn kết thúc</source>
        <translation>Close anyway</translation>
    </message>
    <message>
        <source>Để xem lại</source>
        <translation>Review first</translation>
    </message>
    <message>
        <source>Đã kết thúc hồ sơ {code}.</source>
        <translation>Case file {code} closed.</translation>
    </message>
    <message>
        <source>Đã ghi tệp {path}.</source>
        <translation>Written to {path}.</translation>
    </message>
    <message>
        <source>Chọn tệp danh mục hồ sơ</source>
        <translation>Choose the case-file list</translation>
    </message>
    <message>
        <source>Bảng tính (*.xlsx)</source>
        <translation>Spreadsheets (*.xlsx)</translation>
    </message>
    <message>
        <source>Đã nhập danh mục: {n} hồ sơ.</source>
        <translation>List imported: {n} case files.</translation>
    </message>
    <message>
        <source>In danh mục hồ sơ</source>
        <translation>Print the case-file list</translation>
    </message>
    <message>
        <source>Bảng tính hoặc PDF (*.xlsx *.pdf)</source>
        <translation>Spreadsheets or PDF (*.xlsx *.pdf)</translation>
    </message>
    <message>
        <source>In mục lục văn bản</source>
        <translation>Print the contents</translation>
    </message>
    <message>
        <source>Tạo gói nộp lưu</source>
        <translation>Make the archive package</translation>
    </message>
    <message>
        <source>Gói ZIP (*.zip)</source>
        <translation>ZIP packages (*.zip)</translation>
    </message>
</context>
<context>
    <name>CaseFilesMenu</name>
    <message>
        <source>&amp;Hồ sơ</source>
        <translation>Case &amp;files</translation>
    </message>
    <message>
        <source>&amp;Hồ sơ, danh mục hồ sơ…</source>
        <translation>&amp;Case files and the yearly list…</translation>
    </message>
    <message>
        <source>&amp;Thống kê, báo cáo…</source>
        <translation>&amp;Statistics and reports…</translation>
    </message>
    <message>
        <source>&amp;Xuất danh sách đang xem ra Excel…</source>
        <translation>E&amp;xport the list on screen to Excel…</translation>
    </message>
    <message>
        <source>Xuất danh sách ra Excel</source>
        <translation>Export the list to Excel</translation>
    </message>
    <message>
        <source>Bảng tính hoặc PDF (*.xlsx *.pdf)</source>
        <translation>Spreadsheets or PDF (*.xlsx *.pdf)</translation>
    </message>
    <message>
        <source>Tìm: {text}</source>
        <translation>Search: {text}</translation>
    </message>
    <message>
        <source>Đang xuất danh sách…</source>
        <translation>Exporting the list…</translation>
    </message>
    <message>
        <source>Đã xuất {n} văn bản ra {path}.</source>
        <translation>{n} documents exported to {path}.</translation>
    </message>
</context>
<context>
    <name>ConfidenceIndicator</name>
    <message>
        <source>Chưa đọc được</source>
        <translation>Not read</translation>
    </message>
    <message>
        <source>Độ tin cậy {0} % — cần kiểm tra</source>
        <translation>Confidence {0} % — please check</translation>
    </message>
    <message>
        <source>Độ tin cậy {0} %</source>
        <translation>Confidence {0} %</translation>
    </message>
</context>
<context>
    <name>DailyViews</name>
    <message>
        <source>Văn bản sắp đến hạn giải quyết</source>
        <translation>Documents due soon</translation>
    </message>
    <message>
        <source>Văn bản quá hạn giải quyết</source>
        <translation>Overdue documents</translation>
    </message>
    <message>
        <source>Sổ đăng ký</source>
        <translation>Register</translation>
    </message>
    <message>
        <source>Sắp đến hạn</source>
        <translation>Due soon</translation>
    </message>
    <message>
        <source>Quá hạn</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>Đánh dấu đã giải quyết…</source>
        <translation>Mark as handled…</translation>
    </message>
    <message>
        <source>In phiếu giải quyết…</source>
        <translation>Print routing slip…</translation>
    </message>
    <message>
        <source>Sổ đăng ký (F4)</source>
        <translation>Register (F4)</translation>
    </message>
    <message>
        <source>Sắp đến hạn (F6)</source>
        <translation>Due soon (F6)</translation>
    </message>
    <message>
        <source>Quá hạn (F7)</source>
        <translation>Overdue (F7)</translation>
    </message>
    <message>
        <source>Đánh dấu đã giải quyết</source>
        <translation>Mark as handled</translation>
    </message>
    <message>
        <source>Ghi chú kết quả giải quyết (ví dụ số văn bản trả lời); có thể để trống:</source>
        <translation>Note on the outcome (for example the number of the reply); may be left empty:</translation>
    </message>
    <message>
        <source>Đã giải quyết</source>
        <translation>Handled</translation>
    </message>
    <message>
        <source>Đã đánh dấu giải quyết xong số đến {number}.</source>
        <translation>Arrival number {number} marked as handled.</translation>
    </message>
    <message>
        <source>Đang in phiếu giải quyết…</source>
        <translation>Printing the routing slip…</translation>
    </message>
    <message>
        <source>Phiếu giải quyết văn bản đến</source>
        <translation>Routing slip for an incoming document</translation>
    </message>
    <message>
        <source>Đã in phiếu giải quyết ra tệp {path}.</source>
        <translation>The routing slip was printed to the file {path}.</translation>
    </message>
    <message>
        <source>In ra giấy…</source>
        <translation>Print on paper…</translation>
    </message>
    <message>
        <source>Mở tệp</source>
        <translation>Open file</translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>DateField</name>
    <message>
        <source>dd/mm/yyyy</source>
        <translation>dd/mm/yyyy</translation>
    </message>
    <message>
        <source>Gõ ngày dạng dd/mm/yyyy (ví dụ 05/01/2026 hoặc 05012026)</source>
        <translation>Type the date as dd/mm/yyyy (e.g. 05/01/2026 or 05012026)</translation>
    </message>
    <message>
        <source>Chọn ngày trên lịch</source>
        <translation>Pick the date on a calendar</translation>
    </message>
</context>
<context>
    <name>Deadline</name>
    <message>
        <source>Trong hạn</source>
        <translation>On time</translation>
    </message>
    <message>
        <source>Sắp đến hạn</source>
        <translation>Due soon</translation>
    </message>
    <message>
        <source>Quá hạn</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>Đã giải quyết</source>
        <translation>Handled</translation>
    </message>
    <message>
        <source>Hủy</source>
        <translation>Void</translation>
    </message>
    <message>
        <source>Hạn giải quyết ghi khi chuyển văn bản</source>
        <translation>Due date set when the document was forwarded</translation>
    </message>
    <message>
        <source>Hạn mặc định: tính theo ngày làm việc từ khi văn bản đến</source>
        <translation>Default deadline: counted in working days from the arrival</translation>
    </message>
</context>
<context>
    <name>Desk</name>
    <message>
        <source>Sổ văn bản đi</source>
        <translation>Outgoing register</translation>
    </message>
    <message>
        <source>Sổ văn bản mật đi</source>
        <translation>Secret outgoing register</translation>
    </message>
    <message>
        <source>Nơi nhận</source>
        <translation>Recipients</translation>
    </message>
    <message>
        <source>Đơn vị soạn thảo</source>
        <translation>Drafting unit</translation>
    </message>
    <message>
        <source>Tên viết tắt của cơ quan</source>
        <translation>Organization&apos;s abbreviation</translation>
    </message>
    <message>
        <source>Đơn vị, người nhận bản lưu</source>
        <translation>Unit or person keeping the file copy</translation>
    </message>
</context>
<context>
    <name>DeskMenu</name>
    <message>
        <source>Văn bản đ&amp;iện tử</source>
        <translation>E&amp;lectronic documents</translation>
    </message>
    <message>
        <source>&amp;Nhận văn bản điện tử (PDF)…</source>
        <translation>&amp;Receive electronic documents (PDF)…</translation>
    </message>
    <message>
        <source>Nhận cả &amp;thư mục PDF…</source>
        <translation>Receive a &amp;folder of PDFs…</translation>
    </message>
    <message>
        <source>&amp;Phát hành văn bản đi…</source>
        <translation>&amp;Issue an outgoing document…</translation>
    </message>
    <message>
        <source>&amp;Sổ văn bản đi…</source>
        <translation>Outgoing &amp;register…</translation>
    </message>
    <message>
        <source>Văn bản đã &amp;từ chối…</source>
        <translation>Re&amp;fused documents…</translation>
    </message>
    <message>
        <source>Văn bản &amp;liên thông (edXML)…</source>
        <translation>&amp;Exchanged documents (edXML)…</translation>
    </message>
    <message>
        <source>Chọn văn bản điện tử</source>
        <translation>Choose electronic documents</translation>
    </message>
    <message>
        <source>Tệp PDF (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <source>Chọn thư mục văn bản điện tử</source>
        <translation>Choose a folder of electronic documents</translation>
    </message>
</context>
<context>
    <name>DetailPane</name>
    <message>
        <source>Tệp đính kèm (nhấp đúp để mở)</source>
        <translation>Attached files (double-click to open)</translation>
    </message>
    <message>
        <source>Sửa…</source>
        <translation>Edit…</translation>
    </message>
    <message>
        <source>Sửa thông tin văn bản (Ctrl+E); kỳ đã khóa sổ: vào sổ bản đính chính</source>
        <translation>Edit the document (Ctrl+E); in a closed period: register a correction</translation>
    </message>
    <message>
        <source>Thêm ý kiến, xử lý…</source>
        <translation>Add instruction or progress…</translation>
    </message>
    <message>
        <source>Hủy số đến…</source>
        <translation>Void arrival number…</translation>
    </message>
    <message>
        <source>Chọn một văn bản trong sổ để xem chi tiết.</source>
        <translation>Select a document in the register to see its details.</translation>
    </message>
    <message>
        <source>Số đến {number}</source>
        <translation>Arrival number {number}</translation>
    </message>
    <message>
        <source>đang chờ tải lại</source>
        <translation>waiting to be fetched again</translation>
    </message>
    <message>
        <source>Mã hồ sơ</source>
        <translation>Case file code</translation>
    </message>
    <message>
        <source>Người vào sổ</source>
        <translation>Registered by</translation>
    </message>
    <message>
        <source>Đính chính cho mã</source>
        <translation>Correction of entry</translation>
    </message>
    <message>
        <source>Trạng thái</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Người hủy</source>
        <translation>Voided by</translation>
    </message>
    <message>
        <source>Ý kiến chỉ đạo và quá trình xử lý</source>
        <translation>Instructions and progress</translation>
    </message>
    <message>
        <source>Chưa có.</source>
        <translation>None yet.</translation>
    </message>
    <message>
        <source>Hủy số đến {number}</source>
        <translation>Void arrival number {number}</translation>
    </message>
    <message>
        <source>Ý kiến chỉ đạo, xử lý: số đến {number}</source>
        <translation>Instructions and handling: arrival number {number}</translation>
    </message>
    <message>
        <source>Tệp này chưa có trên máy: máy chủ đang chờ một máy trạm gửi lại; tệp sẽ được tải về sau.</source>
        <translation>This file is not on this computer yet: the server is waiting for a station to send it again; it will be fetched later.</translation>
    </message>
    <message>
        <source>Số đến vẫn giữ trong sổ và được ghi “Hủy”. Ghi lý do hủy:</source>
        <translation>The number stays in the register marked “Void”. Reason for voiding:</translation>
    </message>
    <message>
        <source>Bản đang hiện và in là bản {name}; bản gốc vẫn giữ trong danh sách tệp.</source>
        <translation>The copy shown and printed is {name}; the original stays in the file list.</translation>
    </message>
    <message>
        <source>{role}: {name} ({size} KB)</source>
        <translation>{role}: {name} ({size} KB)</translation>
    </message>
    <message>
        <source>Hủy số đến</source>
        <translation>Void number</translation>
    </message>
    <message>
        <source>Ghi ý kiến chỉ đạo hoặc tình hình xử lý (ví dụ: “Chuyển phòng Kế hoạch xử lý”):</source>
        <translation>Record the instruction or the progress (for example: “Forwarded to the Planning Division”):</translation>
    </message>
    <message>
        <source>Ghi</source>
        <translation>Record</translation>
    </message>
</context>
<context>
    <name>DetailsStep</name>
    <message>
        <source>Sổ văn bản đi</source>
        <translation>Outgoing register</translation>
    </message>
    <message>
        <source>Tên loại văn bản</source>
        <translation>Document type</translation>
    </message>
    <message>
        <source>Đơn vị soạn thảo</source>
        <translation>Drafting unit</translation>
    </message>
    <message>
        <source>chỉ với công văn, ví dụ VP</source>
        <translation>official letters only, e.g. VP</translation>
    </message>
    <message>
        <source>Tên viết tắt cơ quan</source>
        <translation>Organization abbreviation</translation>
    </message>
    <message>
        <source>Văn bản quy phạm pháp luật (ký hiệu có năm)</source>
        <translation>Legal normative document (notation carries the year)</translation>
    </message>
    <message>
        <source>Trích yếu</source>
        <translation>Subject</translation>
    </message>
    <message>
        <source>Người ký</source>
        <translation>Signer</translation>
    </message>
    <message>
        <source>Chức vụ người ký</source>
        <translation>Signer&apos;s title</translation>
    </message>
    <message>
        <source>Nơi nhận</source>
        <translation>Recipients</translation>
    </message>
    <message>
        <source>Đơn vị, người nhận bản lưu</source>
        <translation>Unit or person keeping the file copy</translation>
    </message>
    <message>
        <source>Số lượng bản</source>
        <translation>Number of copies</translation>
    </message>
    <message>
        <source>Số và ngày đề xuất</source>
        <translation>Proposed number and date</translation>
    </message>
    <message>
        <source>&amp;Sổ:</source>
        <translation>Re&amp;gister:</translation>
    </message>
    <message>
        <source>&amp;Tên loại:</source>
        <translation>&amp;Type:</translation>
    </message>
    <message>
        <source>Đơn vị soạn thảo:</source>
        <translation>Drafting unit:</translation>
    </message>
    <message>
        <source>Viết tắt cơ quan:</source>
        <translation>Abbreviation:</translation>
    </message>
    <message>
        <source>T&amp;rích yếu:</source>
        <translation>S&amp;ubject:</translation>
    </message>
    <message>
        <source>Người &amp;ký:</source>
        <translation>Si&amp;gner:</translation>
    </message>
    <message>
        <source>Chức vụ:</source>
        <translation>Title:</translation>
    </message>
    <message>
        <source>&amp;Nơi nhận:</source>
        <translation>Re&amp;cipients:</translation>
    </message>
    <message>
        <source>Bản lưu:</source>
        <translation>File copy:</translation>
    </message>
    <message>
        <source>Số lượng bản:</source>
        <translation>Copies:</translation>
    </message>
    <message>
        <source>Số, ngày đề xuất:</source>
        <translation>Proposed number, date:</translation>
    </message>
    <message>
        <source>Chưa đọc xong danh sách sổ văn bản đi; thử lại sau giây lát.</source>
        <translation>The list of outgoing books is still being read; try again in a moment.</translation>
    </message>
    <message>
        <source>Đang lấy số đề xuất; thử lại sau giây lát.</source>
        <translation>Fetching the proposed number; try again in a moment.</translation>
    </message>
    <message>
        <source>Số: {number} — ngày {date}</source>
        <translation>No. {number} — date {date}</translation>
    </message>
</context>
<context>
    <name>DocTypes</name>
    <message>
        <source>Nghị quyết</source>
        <translation>Resolution</translation>
    </message>
    <message>
        <source>Quyết định</source>
        <translation>Decision</translation>
    </message>
    <message>
        <source>Chỉ thị</source>
        <translation>Directive</translation>
    </message>
    <message>
        <source>Quy chế</source>
        <translation>Regulation</translation>
    </message>
    <message>
        <source>Quy định</source>
        <translation>Rules</translation>
    </message>
    <message>
        <source>Thông cáo</source>
        <translation>Communiqué</translation>
    </message>
    <message>
        <source>Thông báo</source>
        <translation>Notice</translation>
    </message>
    <message>
        <source>Hướng dẫn</source>
        <translation>Guidance</translation>
    </message>
    <message>
        <source>Chương trình</source>
        <translation>Programme</translation>
    </message>
    <message>
        <source>Kế hoạch</source>
        <translation>Plan</translation>
    </message>
    <message>
        <source>Phương án</source>
        <translation>Scheme</translation>
    </message>
    <message>
        <source>Đề án</source>
        <translation>Project proposal</translation>
    </message>
    <message>
        <source>Dự án</source>
        <translation>Project</translation>
    </message>
    <message>
        <source>Báo cáo</source>
        <translation>Report</translation>
    </message>
    <message>
        <source>Biên bản</source>
        <translation>Minutes</translation>
    </message>
    <message>
        <source>Tờ trình</source>
        <translation>Submission</translation>
    </message>
    <message>
        <source>Hợp đồng</source>
        <translation>Contract</translation>
    </message>
    <message>
        <source>Công điện</source>
        <translation>Official telegram</translation>
    </message>
    <message>
        <source>Bản ghi nhớ</source>
        <translation>Memorandum</translation>
    </message>
    <message>
        <source>Bản thỏa thuận</source>
        <translation>Agreement</translation>
    </message>
    <message>
        <source>Giấy ủy quyền</source>
        <translation>Power of attorney</translation>
    </message>
    <message>
        <source>Giấy mời</source>
        <translation>Invitation</translation>
    </message>
    <message>
        <source>Giấy giới thiệu</source>
        <translation>Letter of introduction</translation>
    </message>
    <message>
        <source>Giấy nghỉ phép</source>
        <translation>Leave permit</translation>
    </message>
    <message>
        <source>Phiếu gửi</source>
        <translation>Sending slip</translation>
    </message>
    <message>
        <source>Phiếu chuyển</source>
        <translation>Transfer slip</translation>
    </message>
    <message>
        <source>Phiếu báo</source>
        <translation>Notification slip</translation>
    </message>
    <message>
        <source>Bản sao y</source>
        <translation>True copy</translation>
    </message>
    <message>
        <source>Bản trích sao</source>
        <translation>Extract copy</translation>
    </message>
    <message>
        <source>Bản sao lục</source>
        <translation>Copy of a copy</translation>
    </message>
    <message>
        <source>Công văn</source>
        <translation>Official letter</translation>
    </message>
</context>
<context>
    <name>DoneStep</name>
    <message>
        <source>Mở thư &amp;mục chứa tệp</source>
        <translation>Open the containing &amp;folder</translation>
    </message>
    <message>
        <source>Phát hành văn bản &amp;khác</source>
        <translation>Issue &amp;another document</translation>
    </message>
    <message>
        <source>Đã cấp số {number} ngày {date}, ký số và lưu tệp:
{path}

Đã ghi vào {book}.</source>
        <translation>Numbered {number} on {date}, signed and saved:
{path}

Recorded in the {book}.</translation>
    </message>
</context>
<context>
    <name>ElectronicIntakeDialog</name>
    <message>
        <source>Nhận văn bản điện tử</source>
        <translation>Receive electronic documents</translation>
    </message>
    <message>
        <source>&amp;Từ chối…</source>
        <translation>Re&amp;fuse…</translation>
    </message>
    <message>
        <source>&amp;Bỏ qua</source>
        <translation>&amp;Skip</translation>
    </message>
    <message>
        <source>&amp;Tiếp: nhập thông tin &gt;</source>
        <translation>&amp;Next: enter the details &gt;</translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Kết quả kiểm tra chữ ký</source>
        <translation>Signature check result</translation>
    </message>
    <message>
        <source>Các chữ ký trong tệp</source>
        <translation>Signatures in the file</translation>
    </message>
    <message>
        <source>Đã xử lý xong</source>
        <translation>All done</translation>
    </message>
    <message>
        <source>Không có tệp nào.</source>
        <translation>No files.</translation>
    </message>
    <message>
        <source>Kiểm tra chữ ký số (còn {n} tệp sau tệp này)</source>
        <translation>Signature check ({n} more files after this one)</translation>
    </message>
    <message>
        <source>Đang kiểm tra chữ ký…</source>
        <translation>Checking the signatures…</translation>
    </message>
    <message>
        <source>hợp lệ</source>
        <translation>valid</translation>
    </message>
    <message>
        <source>sau khi ký: </source>
        <translation>after signing: </translation>
    </message>
    <message>
        <source>Thông tin vào sổ (đọc từ tệp; kiểm tra trước khi vào sổ)</source>
        <translation>Register details (read from the file; check them before registering)</translation>
    </message>
    <message>
        <source>&amp;Vào sổ</source>
        <translation>&amp;Register</translation>
    </message>
    <message>
        <source>Đã vào sổ số đến {n}: {name}</source>
        <translation>Registered as arrival number {n}: {name}</translation>
    </message>
    <message>
        <source>Có thể trùng</source>
        <translation>Possible duplicate</translation>
    </message>
    <message>
        <source>Chữ ký số không hợp lệ: </source>
        <translation>Invalid digital signature: </translation>
    </message>
    <message>
        <source>Từ chối văn bản</source>
        <translation>Refuse the document</translation>
    </message>
    <message>
        <source>Lý do (sẽ báo lại cho nơi gửi):</source>
        <translation>Reason (the sender will be told):</translation>
    </message>
    <message>
        <source>Đã từ chối {name}: {reason} (cần báo nơi gửi)</source>
        <translation>Refused {name}: {reason} (the sender must be told)</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>Không đọc hoặc ghi được tệp trên máy: {reason}.</source>
        <translation>Could not read or write a file on this computer: {reason}.</translation>
    </message>
    <message>
        <source>Đã xảy ra lỗi ngoài dự kiến; thao tác chưa được thực hiện. Chi tiết đã ghi vào nhật ký.</source>
        <translation>An unexpected error occurred; the action was not carried out. The details were written to the log.</translation>
    </message>
    <message>
        <source>{label} dài {length} ký tự, vượt giới hạn {limit} ký tự.</source>
        <translation>{label} is {length} characters long, over the limit of {limit} characters.</translation>
    </message>
    <message>
        <source>Không có sổ “{value}”; các sổ hiện có: {books}.</source>
        <translation>There is no register book “{value}”; the books are: {books}.</translation>
    </message>
    <message>
        <source>Chưa có sổ đăng ký phù hợp.</source>
        <translation>There is no suitable register book.</translation>
    </message>
    <message>
        <source>Văn bản {level} phải vào sổ văn bản mật, không vào “{book}”.</source>
        <translation>A {level} document must go into the secret register, not into “{book}”.</translation>
    </message>
    <message>
        <source>Số đến {number} thuộc kỳ đã khóa sổ đến ngày {through}; hãy vào sổ một bản đính chính mới.</source>
        <translation>Arrival number {number} belongs to a period closed through {through}; register a new correction entry instead.</translation>
    </message>
    <message>
        <source>Văn bản đã vào sổ nhưng chưa có số đến (máy đã dùng hết số nhận trước từ máy chủ); văn bản sẽ được cấp số ở lần đồng bộ tới, sau đó mới {action} được.</source>
        <translation>The document is registered but has no arrival number yet (this station has used up the numbers leased from the server); it gets its number at the next sync, and only then can you {action}.</translation>
    </message>
    <message>
        <source>đóng dấu ĐẾN</source>
        <translation>stamp it ĐẾN</translation>
    </message>
    <message>
        <source>lưu tệp theo số đến</source>
        <translation>save its file under the arrival number</translation>
    </message>
    <message>
        <source>in vào sổ</source>
        <translation>print it in the register</translation>
    </message>
    <message>
        <source>in phiếu giải quyết</source>
        <translation>print its routing slip</translation>
    </message>
    <message>
        <source>Văn bản này có thể đã được vào sổ (số đến {numbers}); xác nhận nếu vẫn muốn đăng ký.</source>
        <translation>This document may already be registered (arrival number {numbers}); confirm to register it anyway.</translation>
    </message>
    <message>
        <source>Sổ đang bận: một chương trình khác (cửa sổ QLVB hoặc lệnh qlvb) đang ghi vào {path} quá lâu; chưa có gì được ghi, hãy thử lại sau ít phút.</source>
        <translation>The register is busy: another program (a QLVB window or a qlvb command) has been writing to {path} for too long; nothing was saved, try again in a few minutes.</translation>
    </message>
    <message>
        <source>Ổ đĩa chứa {path} đã đầy; chưa có gì được ghi, hãy giải phóng dung lượng ổ đĩa rồi thử lại.</source>
        <translation>The disk holding {path} is full; nothing was saved, free some disk space and try again.</translation>
    </message>
    <message>
        <source>Không ghi được vào {path} (thư mục hoặc ổ đĩa chỉ cho đọc); chưa có gì được ghi, hãy cấp quyền ghi cho thư mục dữ liệu rồi thử lại.</source>
        <translation>Cannot write to {path} (the folder or the disk is read-only); nothing was saved, give write permission to the data folder and try again.</translation>
    </message>
    <message>
        <source>Tệp cơ sở dữ liệu {path} bị hỏng nên không được mở, và chương trình không ghi đè lên nó; hãy chép tệp hỏng sang nơi khác để giữ lại, rồi chép bản sao lưu gần nhất vào đúng chỗ đó (hoặc gọi cán bộ kỹ thuật).</source>
        <translation>The database file {path} is damaged, so it was not opened and will not be overwritten; copy the damaged file elsewhere to keep it, then copy the latest backup into its place (or call your technician).</translation>
    </message>
    <message>
        <source>Lỗi đọc/ghi ổ đĩa khi truy cập {path} ({reason}); chưa có gì được ghi, hãy kiểm tra ổ đĩa (hoặc cắm lại ổ USB) rồi thử lại.</source>
        <translation>Disk read/write error on {path} ({reason}); nothing was saved, check the disk (or plug the USB drive in again) and try again.</translation>
    </message>
    <message>
        <source>Chỗ của tệp cài đặt {path} lại là một thư mục nên không đọc được cài đặt; hãy đổi tên hoặc chuyển thư mục đó đi rồi mở lại chương trình (hoặc gọi cán bộ kỹ thuật).</source>
        <translation>There is a folder where the settings file {path} should be, so the settings cannot be read; rename or move that folder away and start the program again (or call your IT staff).</translation>
    </message>
    <message>
        <source>Không đọc được tệp cài đặt {path} (không có quyền đọc hoặc lỗi ổ đĩa); hãy cấp quyền đọc và ghi tệp đó cho người dùng này rồi mở lại chương trình (hoặc gọi cán bộ kỹ thuật).</source>
        <translation>The settings file {path} cannot be read (no permission to read it, or a disk error); give this user permission to read and write it and start the program again (or call your IT staff).</translation>
    </message>
    <message>
        <source>Một số mục trong tệp cài đặt {path} có giá trị không hợp lệ ({fields}): đã cất bản cũ thành {kept} và dùng giá trị mặc định cho các mục đó; hãy xem lại trong Cài đặt.</source>
        <translation>Some values in the settings file {path} are not valid ({fields}): the old file was kept as {kept} and those values are back to their defaults; check them in Settings.</translation>
    </message>
    <message>
        <source>Tệp cài đặt {path} bị hỏng nên không đọc được: đã cất tệp hỏng thành {kept} và dùng cài đặt mặc định; hãy nhập lại tên cơ quan và các mục khác trong Cài đặt.</source>
        <translation>The settings file {path} is damaged and cannot be read: it was kept as {kept} and the default settings are used; enter the organization&apos;s name and the other settings again in Settings.</translation>
    </message>
    <message>
        <source>Tệp cài đặt {path} bị hỏng và mất thông tin máy chủ, trong khi sổ trên máy này đã đồng bộ với máy chủ; để không cấp trùng số, chương trình không mở và không ghi đè lên tệp: hãy chép bản sao lưu của tệp cài đặt vào đúng chỗ đó, hoặc gọi cán bộ kỹ thuật.</source>
        <translation>The settings file {path} is damaged and has lost the server&apos;s details, while the register on this computer has synced with the server; so that no number is given twice, the program does not open and does not overwrite the file: copy the backup of the settings file into its place, or call your IT staff.</translation>
    </message>
    <message>
        <source>Tệp {sha} chưa có trên máy chủ (đang chờ một máy trạm còn giữ tệp gửi lại); văn bản vẫn được nhận, tệp sẽ được tải về ở một lần đồng bộ sau.</source>
        <translation>The file {sha} is not on the server yet (waiting for a station that still has it to send it again); the document is received, and the file will be fetched in a later sync.</translation>
    </message>
    <message>
        <source>Lần đồng bộ vừa rồi gặp lỗi ngoài dự kiến ({what}); chương trình vẫn tự đồng bộ lại theo định kỳ, chi tiết đã ghi vào nhật ký để cán bộ kỹ thuật xem.</source>
        <translation>The last sync failed unexpectedly ({what}); the program keeps syncing periodically, and the details are in the log for the technical staff.</translation>
    </message>
    <message>
        <source>{label}: giá trị không hợp lệ.</source>
        <translation>{label}: invalid value.</translation>
    </message>
    <message>
        <source>{label} “{value}” không phải ngày hợp lệ (dạng dd/mm/yyyy).</source>
        <translation>{label} “{value}” is not a valid date (use dd/mm/yyyy).</translation>
    </message>
    <message>
        <source>{label} phải là một số.</source>
        <translation>{label} must be a number.</translation>
    </message>
    <message>
        <source>{label} phải từ 0 đến {limit}.</source>
        <translation>{label} must be between 0 and {limit}.</translation>
    </message>
    <message>
        <source>Tên loại văn bản “{value}” không có trong danh mục.</source>
        <translation>Document type “{value}” is not in the list.</translation>
    </message>
    <message>
        <source>“{book}” không phải sổ văn bản đi.</source>
        <translation>“{book}” is not an outgoing register.</translation>
    </message>
    <message>
        <source>Vai trò tệp “{value}” không hợp lệ; dùng original, stamped hoặc signed.</source>
        <translation>File role “{value}” is not valid; use original, stamped or signed.</translation>
    </message>
    <message>
        <source>Độ khẩn “{value}” không hợp lệ (Khẩn, Thượng khẩn, Hỏa tốc).</source>
        <translation>Urgency “{value}” is not valid (Khẩn, Thượng khẩn, Hỏa tốc).</translation>
    </message>
    <message>
        <source>Độ mật “{value}” không hợp lệ (Mật, Tối mật, Tuyệt mật).</source>
        <translation>Confidentiality “{value}” is not valid (Mật, Tối mật, Tuyệt mật).</translation>
    </message>
    <message>
        <source>Hình thức nhận “{value}” không hợp lệ (paper, electronic, email, hand).</source>
        <translation>Channel “{value}” is not valid (paper, electronic, email, hand).</translation>
    </message>
    <message>
        <source>{label} {value} ở tương lai; kiểm tra lại ngày giờ.</source>
        <translation>{label} {value} is in the future; check the date and time.</translation>
    </message>
    <message>
        <source>{label} {value} sau ngày đến {arrival}.</source>
        <translation>{label} {value} is after the arrival date {arrival}.</translation>
    </message>
    <message>
        <source>{label} {value} trước ngày đến {arrival}.</source>
        <translation>{label} {value} is before the arrival date {arrival}.</translation>
    </message>
    <message>
        <source>Chưa nhập {label}.</source>
        <translation>{label} is required.</translation>
    </message>
    <message>
        <source>Số và ký hiệu hồ sơ “{value}” chỉ gồm chữ, số và dấu . - _ / (ví dụ 01.TCCB).</source>
        <translation>The case-file code “{value}” may only contain letters, digits and . - _ / (e.g. 01.TCCB).</translation>
    </message>
    <message>
        <source>Thời hạn bảo quản “{value}” phải là số năm (ví dụ 10 năm) hoặc “Vĩnh viễn”.</source>
        <translation>The retention “{value}” must be a number of years (e.g. 10 năm) or “Vĩnh viễn” (permanent).</translation>
    </message>
    <message>
        <source>Mã cơ quan “{value}” không đúng dạng 000.00.04.G14 (cài đặt Cơ quan).</source>
        <translation>The organization code “{value}” is not of the form 000.00.04.G14 (Organization settings).</translation>
    </message>
    <message>
        <source>Số và ký hiệu hồ sơ {code} đã có ở dòng {line}.</source>
        <translation>Case-file code {code} is already on line {line}.</translation>
    </message>
    <message>
        <source>Dòng {line}: {reason}</source>
        <translation>Line {line}: {reason}</translation>
    </message>
    <message>
        <source>{label} không sửa được sau khi vào sổ.</source>
        <translation>{label} cannot be changed after registering.</translation>
    </message>
    <message>
        <source>Tệp {path} không có dòng hồ sơ nào (cột đầu là số và ký hiệu hồ sơ, ví dụ 01.TCCB).</source>
        <translation>The file {path} has no case-file row (the first column is the case-file code, e.g. 01.TCCB).</translation>
    </message>
    <message>
        <source>Không tìm thấy hồ sơ {code}.</source>
        <translation>Case file {code} not found.</translation>
    </message>
    <message>
        <source>Hồ sơ {code} không có trong danh mục năm {year}: nhập tiêu đề và thời hạn bảo quản để mở hồ sơ ngoài danh mục.</source>
        <translation>Case file {code} is not in the {year} list: enter a title and a retention to open it outside the list.</translation>
    </message>
    <message>
        <source>{reason}</source>
        <translation>{reason}</translation>
    </message>
    <message>
        <source>{reason} Xác nhận nếu vẫn muốn kết thúc hồ sơ.</source>
        <translation>{reason} Confirm to close the case file anyway.</translation>
    </message>
    <message>
        <source>Ngày bắt đầu sau ngày kết thúc.</source>
        <translation>The start date is after the end date.</translation>
    </message>
    <message>
        <source>Hồ sơ {code} chưa kết thúc, chưa nộp lưu được.</source>
        <translation>Case file {code} is not closed yet and cannot be handed over.</translation>
    </message>
    <message>
        <source>Không có hồ sơ đã kết thúc nào để nộp lưu.</source>
        <translation>There is no closed case file to hand over.</translation>
    </message>
    <message>
        <source>Tệp {path} phải có đuôi .pdf hoặc .xlsx.</source>
        <translation>The file {path} must end in .pdf or .xlsx.</translation>
    </message>
    <message>
        <source>Ngày khóa sổ {day} không thuộc năm {year}.</source>
        <translation>The closing date {day} is not in the year {year}.</translation>
    </message>
    <message>
        <source>Không khóa sổ cho ngày ở tương lai.</source>
        <translation>A period cannot be closed for a future date.</translation>
    </message>
    <message>
        <source>Không có sổ “{book}”; các sổ: {books}.</source>
        <translation>There is no book “{book}”; the books are: {books}.</translation>
    </message>
    <message>
        <source>Không mở được cơ sở dữ liệu {path}: {reason}</source>
        <translation>Could not open the database {path}: {reason}</translation>
    </message>
    <message>
        <source>Hồ sơ {code} năm {year} đã được mở.</source>
        <translation>Case file {code} of {year} is already open.</translation>
    </message>
    <message>
        <source>Không tìm thấy hồ sơ có mã {id}.</source>
        <translation>No case file with id {id}.</translation>
    </message>
    <message>
        <source>Hồ sơ {code} đã kết thúc, không thay đổi được.</source>
        <translation>Case file {code} is closed and cannot be changed.</translation>
    </message>
    <message>
        <source>Không tìm thấy văn bản có mã {id}.</source>
        <translation>No document with id {id}.</translation>
    </message>
    <message>
        <source>Văn bản này đã có trong hồ sơ {code} (thứ tự {ordinal}).</source>
        <translation>This document is already in case file {code} (number {ordinal}).</translation>
    </message>
    <message>
        <source>Hồ sơ {code} không có văn bản thứ {ordinal}.</source>
        <translation>Case file {code} has no document number {ordinal}.</translation>
    </message>
    <message>
        <source>Số đến {number} đã bị hủy, không sửa được.</source>
        <translation>Arrival number {number} is void and cannot be changed.</translation>
    </message>
    <message>
        <source>Phải ghi lý do hủy số đến.</source>
        <translation>A reason for voiding the arrival number is required.</translation>
    </message>
    <message>
        <source>Văn bản đi số {number} đã hủy; không gửi được.</source>
        <translation>Outgoing document {number} is voided; it cannot be sent.</translation>
    </message>
    <message>
        <source>Không tìm thấy tệp {path}.</source>
        <translation>File {path} not found.</translation>
    </message>
    <message>
        <source>Văn bản này chưa gửi qua liên thông, hoặc đã đề nghị thu hồi; không có nơi nào để thu hồi.</source>
        <translation>This document was not sent through the exchange, or its recall was already requested; there is nowhere to recall it from.</translation>
    </message>
    <message>
        <source>Tệp {name} không phải PDF, JPEG, PNG hay TIFF; không số hóa được.</source>
        <translation>File {name} is not a PDF, JPEG, PNG or TIFF; it cannot be digitized.</translation>
    </message>
    <message>
        <source>Tệp {name} nặng {size} MB, vượt giới hạn {limit} MB.</source>
        <translation>File {name} is {size} MB, over the limit of {limit} MB.</translation>
    </message>
    <message>
        <source>Tệp {name} rỗng.</source>
        <translation>File {name} is empty.</translation>
    </message>
    <message>
        <source>Tệp {name} rỗng (0 byte); hãy chọn đúng tệp văn bản.</source>
        <translation>The file {name} is empty (0 bytes); choose the right document file.</translation>
    </message>
    <message>
        <source>Tệp {name} là một chương trình chạy được, không phải văn bản; không nhận tệp này.</source>
        <translation>The file {name} is an executable program, not a document; it is not accepted.</translation>
    </message>
    <message>
        <source>Không nhận tệp {name}: chỉ nhận các loại tệp {accepted}.</source>
        <translation>The file {name} is not accepted: only these file types are: {accepted}.</translation>
    </message>
    <message>
        <source>Tệp {name} thực chất là {actual}, không phải {expected}; hãy đổi đuôi tệp thành {suffix} rồi đính kèm lại.</source>
        <translation>The file {name} is really {actual}, not {expected}; rename it to end in {suffix} and attach it again.</translation>
    </message>
    <message>
        <source>Tệp {name} không phải tệp {expected} hợp lệ (nội dung không đúng loại).</source>
        <translation>The file {name} is not a valid {expected} file (its content is of another type).</translation>
    </message>
    <message>
        <source>Tệp {name} có {pages} trang, vượt giới hạn {limit} trang; từ chối để bảo vệ máy (hãy tách thành nhiều tệp nhỏ hơn).</source>
        <translation>The file {name} has {pages} pages, over the limit of {limit}; refused to protect the computer (split it into smaller files).</translation>
    </message>
    <message>
        <source>Tệp {name} có kích thước ảnh bất thường ({width}×{height} điểm ảnh); từ chối để bảo vệ máy.</source>
        <translation>File {name} has absurd image dimensions ({width}×{height} pixels); refused to protect the computer.</translation>
    </message>
    <message>
        <source>Tệp {name} được mã hóa bằng mật khẩu; hãy gửi bản không mã hóa.</source>
        <translation>File {name} is encrypted with a password; ask for an unencrypted copy.</translation>
    </message>
    <message>
        <source>Tệp {name} không đọc được (PDF hỏng hoặc không phải PDF).</source>
        <translation>File {name} cannot be read (a damaged PDF, or not a PDF).</translation>
    </message>
    <message>
        <source>Tệp {name} bị hỏng hoặc chưa chép hết; hãy lấy lại bản đầy đủ.</source>
        <translation>The file {name} is damaged or incompletely copied; get the complete file again.</translation>
    </message>
    <message>
        <source>Tệp {name} bị cắt cụt (PDF chưa chép hoặc tải về hết); hãy lấy lại bản đầy đủ.</source>
        <translation>The file {name} is cut short (the PDF was not completely copied or downloaded); get the complete file again.</translation>
    </message>
    <message>
        <source>Tệp {name} không có trang nào.</source>
        <translation>File {name} has no pages.</translation>
    </message>
    <message>
        <source>Tệp {name} không đọc được (ảnh hỏng hoặc không đúng định dạng).</source>
        <translation>File {name} cannot be read (a damaged image, or not in its format).</translation>
    </message>
    <message>
        <source>Chưa chọn tệp nào để số hóa.</source>
        <translation>No file was chosen to digitize.</translation>
    </message>
    <message>
        <source>Tệp {name} là PDF {kind} nên được giữ nguyên; hãy tiếp nhận riêng tệp này.</source>
        <translation>File {name} is a {kind} PDF and is kept as it is; receive it on its own.</translation>
    </message>
    <message>
        <source>Thiếu tệp {name} của văn bản thứ {ordinal} trong kho tệp.</source>
        <translation>The file {name} of document {ordinal} is missing from the file store.</translation>
    </message>
    <message>
        <source>Không ghi được tệp {path}: {reason}.</source>
        <translation>Could not write file {path}: {reason}.</translation>
    </message>
    <message>
        <source>Tệp {path} không phải gói hồ sơ ZIP đọc được.</source>
        <translation>The file {path} is not a readable ZIP case-file package.</translation>
    </message>
    <message>
        <source>Trang 1 của {path} chưa có dấu ĐẾN do phần mềm đóng.</source>
        <translation>Page 1 of {path} has no arrival stamp made by this application.</translation>
    </message>
    <message>
        <source>Dấu ĐẾN cần có số đến.</source>
        <translation>The arrival stamp needs an arrival number.</translation>
    </message>
    <message>
        <source>Dấu ĐẾN cần có tên cơ quan (đặt bằng --org hoặc qlvb settings).</source>
        <translation>The arrival stamp needs the organization name (set it with --org or qlvb settings).</translation>
    </message>
    <message>
        <source>Không tìm được chỗ trống ở nửa trên trang 1 để đóng dấu ĐẾN; hãy chọn vị trí bằng tay (--at x,y).</source>
        <translation>No blank area in the top half of page 1 for the arrival stamp; choose the position by hand (--at x,y).</translation>
    </message>
    <message>
        <source>Vị trí “{text}” không hợp lệ; viết x,y theo milimét, ví dụ 20,40.</source>
        <translation>Position “{text}” is not valid; write x,y in millimetres, for example 20,40.</translation>
    </message>
    <message>
        <source>Dấu ĐẾN tại {x},{y} mm nằm ngoài trang.</source>
        <translation>An arrival stamp at {x},{y} mm falls outside the page.</translation>
    </message>
    <message>
        <source>Ký phụ lục cần số, ký hiệu của văn bản chính (--number).</source>
        <translation>Signing an attachment needs the number and notation of the main document (--number).</translation>
    </message>
    <message>
        <source>Ký bản sao cần tên cơ quan (--org hoặc qlvb settings).</source>
        <translation>Signing a copy needs the organization name (--org or qlvb settings).</translation>
    </message>
    <message>
        <source>Cần số, ký hiệu văn bản đi.</source>
        <translation>The outgoing document number and notation are required.</translation>
    </message>
    <message>
        <source>Cẩn thận: token chỉ còn 1 lần nhập mã PIN; nhập sai lần nữa token sẽ bị khóa.</source>
        <translation>Careful: the token allows only 1 more PIN attempt; one more wrong PIN locks it.</translation>
    </message>
    <message>
        <source>Token báo đã có lần nhập sai mã PIN; chỉ còn ít lần thử.</source>
        <translation>The token reports a wrong PIN was entered; only a few attempts remain.</translation>
    </message>
    <message>
        <source>Cần nội dung “Chuyển” hoặc “Số và ký hiệu HS” để ghi vào dấu ĐẾN.</source>
        <translation>Give “Forward to” or “Case file” to write into the arrival stamp.</translation>
    </message>
    <message>
        <source>Đã hủy ký; chưa cấp số văn bản đi nào.</source>
        <translation>Signing cancelled; no outgoing number was taken.</translation>
    </message>
    <message>
        <source>Không có sổ văn bản đi “{value}”; các sổ hiện có: {books}.</source>
        <translation>There is no outgoing register “{value}”; the registers are: {books}.</translation>
    </message>
    <message>
        <source>Văn bản {name} chưa có chữ ký số của người có thẩm quyền; hãy trình lãnh đạo ký trước khi cấp số.</source>
        <translation>Document {name} has no digital signature of the competent person; have the leader sign it before it is numbered.</translation>
    </message>
    <message>
        <source>{reason} Không cấp số cho văn bản này; hãy đề nghị người ký ký lại.</source>
        <translation>{reason} This document gets no number; ask the signer to sign it again.</translation>
    </message>
    <message>
        <source>Văn bản đi được cấp số và phát hành trong ngày; ngày phải là hôm nay.</source>
        <translation>An outgoing document is numbered and issued the same day; the date must be today.</translation>
    </message>
    <message>
        <source>Không thấy tệp {path}.</source>
        <translation>File {path} not found.</translation>
    </message>
    <message>
        <source>Chưa ký được văn bản đi: {reason} Chưa cấp số nào.</source>
        <translation>The outgoing document could not be signed: {reason} No number was taken.</translation>
    </message>
    <message>
        <source>Chưa cài bộ in sổ văn bản đi.</source>
        <translation>The outgoing register printer is not set up.</translation>
    </message>
    <message>
        <source>Tệp đã ký không được ghi đè lên tệp gốc {path}.</source>
        <translation>The signed file must not overwrite the original {path}.</translation>
    </message>
    <message>
        <source>Không đọc được tệp {path}: {reason}.</source>
        <translation>Cannot read file {path}: {reason}.</translation>
    </message>
    <message>
        <source>Tệp {path} không phải là PDF.</source>
        <translation>File {path} is not a PDF.</translation>
    </message>
    <message>
        <source>Tệp {path} là PDF hỏng, không đọc được: {reason}.</source>
        <translation>File {path} is a damaged PDF and cannot be read: {reason}.</translation>
    </message>
    <message>
        <source>Không lấy được dấu thời gian từ {url} ({reason}); chọn dừng lại hoặc ký không có dấu thời gian.</source>
        <translation>Could not get a timestamp from {url} ({reason}); choose to stop or to sign without a timestamp.</translation>
    </message>
    <message>
        <source>Văn bản {path} chưa có chữ ký của người có thẩm quyền; chỉ ký số của cơ quan sau khi lãnh đạo đã ký.</source>
        <translation>Document {path} has no signature of the competent person yet; apply the organization signature only after the leader has signed.</translation>
    </message>
    <message>
        <source>Chưa có ảnh con dấu (PNG) của cơ quan.</source>
        <translation>The organization seal image (PNG) is not set.</translation>
    </message>
    <message>
        <source>Không đọc được chứng thư tin cậy {path}: {reason}.</source>
        <translation>Cannot read the trusted certificate {path}: {reason}.</translation>
    </message>
    <message>
        <source>Không thấy thư viện PKCS#11 {path}; kiểm tra cài đặt USB token.</source>
        <translation>PKCS#11 library {path} not found; check the USB token installation.</translation>
    </message>
    <message>
        <source>Không tìm thấy phần mềm của USB token; cài trình điều khiển token hoặc chỉ đường dẫn (--pkcs11-module).</source>
        <translation>USB token software not found; install the token driver or give its path (--pkcs11-module).</translation>
    </message>
    <message>
        <source>Không nạp được thư viện PKCS#11 {path}: {reason}.</source>
        <translation>Cannot load PKCS#11 library {path}: {reason}.</translation>
    </message>
    <message>
        <source>USB token không có chứng thư số nào dùng để ký được.</source>
        <translation>The USB token holds no certificate that can sign.</translation>
    </message>
    <message>
        <source>Chứng thư số trên USB token đã hết hạn ngày {day} hoặc chưa có hiệu lực.</source>
        <translation>The certificate on the USB token expired on {day} or is not valid yet.</translation>
    </message>
    <message>
        <source>USB token đã bị rút ra hoặc không còn phản hồi; cắm lại token rồi ký tiếp.</source>
        <translation>The USB token was removed or stopped responding; plug it in again and continue signing.</translation>
    </message>
    <message>
        <source>Đã hủy nhập mã PIN; không ký văn bản nào.</source>
        <translation>PIN entry cancelled; no document was signed.</translation>
    </message>
    <message>
        <source>Mã PIN không đúng. Chỉ còn 1 lần thử: nhập sai lần nữa token sẽ bị khóa.</source>
        <translation>Wrong PIN. Only 1 attempt left: one more wrong PIN locks the token.</translation>
    </message>
    <message>
        <source>Mã PIN không đúng. Token báo chỉ còn ít lần thử trước khi bị khóa; nhập lại cẩn thận.</source>
        <translation>Wrong PIN. The token reports only a few attempts left before it locks; type it again carefully.</translation>
    </message>
    <message>
        <source>Mã PIN không đúng; hãy nhập lại.</source>
        <translation>Wrong PIN; please type it again.</translation>
    </message>
    <message>
        <source>Không thấy USB token “{label}”; cắm token vào máy rồi thử lại.</source>
        <translation>USB token “{label}” not found; plug it in and try again.</translation>
    </message>
    <message>
        <source>Không thấy USB token nào; cắm token vào máy.</source>
        <translation>No USB token found; plug the token in.</translation>
    </message>
    <message>
        <source>Mã PIN của USB token đã bị khóa do nhập sai quá số lần; liên hệ nơi cấp token để mở khóa.</source>
        <translation>The USB token PIN is locked after too many wrong attempts; contact the token issuer to unlock it.</translation>
    </message>
    <message>
        <source>Mã PIN không đúng độ dài token yêu cầu.</source>
        <translation>The PIN does not have the length the token requires.</translation>
    </message>
    <message>
        <source>Mã PIN sai quá nhiều lần; đã dừng để tránh khóa token.</source>
        <translation>Too many wrong PINs; stopped to avoid locking the token.</translation>
    </message>
    <message>
        <source>Không có trang nào để số hóa.</source>
        <translation>There is no page to digitize.</translation>
    </message>
    <message>
        <source>Tập quét chỉ có tờ phân cách, không có trang văn bản nào.</source>
        <translation>The scanned batch has only separator sheets and no document page.</translation>
    </message>
    <message>
        <source>Thư mục {path} không tồn tại.</source>
        <translation>Folder {path} does not exist.</translation>
    </message>
    <message>
        <source>Tệp kết quả phải có đuôi .pdf: {path}.</source>
        <translation>The result file must end in .pdf: {path}.</translation>
    </message>
    <message>
        <source>Không ghi được tệp kết quả: {reason}.</source>
        <translation>The result file could not be written: {reason}.</translation>
    </message>
    <message>
        <source>Không biết máy quét {device}; xem danh sách bằng qlvb scan --list.</source>
        <translation>Unknown scanner {device}; see the list with qlvb scan --list.</translation>
    </message>
    <message>
        <source>Độ phân giải {dpi} dpi không hợp lệ (50–1200).</source>
        <translation>Resolution {dpi} dpi is not valid (50–1200).</translation>
    </message>
    <message>
        <source>Máy quét bị kẹt giấy ở khay nạp; gỡ giấy kẹt rồi quét tiếp.</source>
        <translation>Paper jammed in the scanner&apos;s feeder; clear the jam and scan again.</translation>
    </message>
    <message>
        <source>Nắp máy quét đang mở; hãy đóng nắp rồi quét tiếp.</source>
        <translation>The scanner cover is open; close it and scan again.</translation>
    </message>
    <message>
        <source>Khay nạp giấy không có giấy.</source>
        <translation>The document feeder is empty.</translation>
    </message>
    <message>
        <source>Không kết nối được máy quét mạng {url}: {reason}.</source>
        <translation>Cannot connect to the network scanner {url}: {reason}.</translation>
    </message>
    <message>
        <source>Máy quét mạng {url} trả lời lỗi {status}.</source>
        <translation>The network scanner {url} answered with error {status}.</translation>
    </message>
    <message>
        <source>Máy quét mạng {url} trả lời không hợp lệ.</source>
        <translation>The network scanner {url} gave an invalid answer.</translation>
    </message>
    <message>
        <source>Máy quét đang bận (có thể một chương trình khác đang dùng).</source>
        <translation>The scanner is busy (another program may be using it).</translation>
    </message>
    <message>
        <source>Máy quét báo lỗi: {reason}.</source>
        <translation>The scanner reported an error: {reason}.</translation>
    </message>
    <message>
        <source>Đã giữ {count} trang quét trước đó.</source>
        <translation>The {count} pages scanned before were kept.</translation>
    </message>
    <message>
        <source>Máy quét mạng gửi ảnh hỏng ở trang {page}.</source>
        <translation>The network scanner sent a damaged image for page {page}.</translation>
    </message>
    <message>
        <source>Máy quét mạng không gửi trang tiếp theo; đã dừng.</source>
        <translation>The network scanner did not send the next page; stopped.</translation>
    </message>
    <message>
        <source>Máy quét này không có {what}.</source>
        <translation>This scanner has no {what}.</translation>
    </message>
    <message>
        <source>Mất kết nối với máy quét (lỗi vào/ra); kiểm tra cáp và nguồn điện.</source>
        <translation>Lost the connection to the scanner (I/O error); check the cable and the power.</translation>
    </message>
    <message>
        <source>Không có quyền dùng máy quét này.</source>
        <translation>You are not allowed to use this scanner.</translation>
    </message>
    <message>
        <source>Máy quét báo hết bộ nhớ.</source>
        <translation>The scanner ran out of memory.</translation>
    </message>
    <message>
        <source>Không dùng được SANE: {reason}.</source>
        <translation>SANE cannot be used: {reason}.</translation>
    </message>
    <message>
        <source>Không mở được máy quét {device}: {reason}.</source>
        <translation>Cannot open the scanner {device}: {reason}.</translation>
    </message>
    <message>
        <source>Chưa cài Tesseract OCR; hãy cài gói tesseract-ocr và tesseract-ocr-vie.</source>
        <translation>Tesseract OCR is not installed; install the packages tesseract-ocr and tesseract-ocr-vie.</translation>
    </message>
    <message>
        <source>Nhận dạng chữ (OCR) trang {page} quá lâu, đã dừng.</source>
        <translation>Text recognition (OCR) of page {page} took too long and was stopped.</translation>
    </message>
    <message>
        <source>Tesseract không nhận dạng được trang {page}: {reason}</source>
        <translation>Tesseract could not recognize page {page}: {reason}</translation>
    </message>
    <message>
        <source>Không dùng được {backend}: {reason}.</source>
        <translation>{backend} cannot be used: {reason}.</translation>
    </message>
    <message>
        <source>Máy quét gửi ảnh hỏng ở trang {page}.</source>
        <translation>The scanner sent a damaged image for page {page}.</translation>
    </message>
    <message>
        <source>Cài đặt có giá trị không hợp lệ; kiểm tra lại các ô số.</source>
        <translation>A setting has an invalid value; check the number fields.</translation>
    </message>
    <message>
        <source>Chưa nhập tên cơ quan.</source>
        <translation>The organization name is missing.</translation>
    </message>
    <message>
        <source>Thời hạn giải quyết mặc định phải từ 0 đến 365 ngày, báo trước từ 0 đến 60 ngày.</source>
        <translation>The default handling period must be 0 to 365 days, the advance warning 0 to 60 days.</translation>
    </message>
    <message>
        <source>Không thấy tệp ảnh con dấu {path}; chọn lại tệp PNG của con dấu.</source>
        <translation>The seal image {path} was not found; choose the seal&apos;s PNG file again.</translation>
    </message>
    <message>
        <source>Ảnh con dấu phải là tệp PNG nền trong suốt; {path} không phải PNG.</source>
        <translation>The seal image must be a PNG with a transparent background; {path} is not a PNG.</translation>
    </message>
    <message>
        <source>Chưa nhập tên sổ.</source>
        <translation>The book name is missing.</translation>
    </message>
    <message>
        <source>Tên sổ dài quá 100 ký tự.</source>
        <translation>The book name is longer than 100 characters.</translation>
    </message>
    <message>
        <source>Đã có sổ tên “{name}”.</source>
        <translation>A book named “{name}” already exists.</translation>
    </message>
    <message>
        <source>Hồ sơ máy quét phải có tên.</source>
        <translation>Every scanner profile needs a name.</translation>
    </message>
    <message>
        <source>Hai hồ sơ máy quét trùng tên; đặt tên khác nhau.</source>
        <translation>Two scanner profiles have the same name; give them different names.</translation>
    </message>
    <message>
        <source>Địa chỉ máy chủ “{url}” phải bắt đầu bằng https://.</source>
        <translation>The server address “{url}” must start with https://.</translation>
    </message>
    <message>
        <source>Không tìm thấy tệp CA {path}.</source>
        <translation>The CA file {path} was not found.</translation>
    </message>
    <message>
        <source>Đã đăng nhập {url} với tài khoản {user}, nhưng máy không lưu được phiên đăng nhập: lần sau cần đăng nhập lại.</source>
        <translation>Logged in to {url} as {user}, but this computer could not keep the session: log in again next time.</translation>
    </message>
    <message>
        <source>Đã đăng nhập {url} với tài khoản {user}; {queued} văn bản sẽ được gửi lên máy chủ.</source>
        <translation>Logged in to {url} as {user}; {queued} documents will be sent to the server.</translation>
    </message>
    <message>
        <source>Không thấy USB token nào trên máy (thư viện {module}); cắm token vào rồi bấm Kiểm tra lại.</source>
        <translation>No USB token is plugged in (library {module}); plug the token in and press Test again.</translation>
    </message>
    <message>
        <source>Không thấy token “{label}”; các token đang cắm: {found}. Sửa tên token hoặc để trống.</source>
        <translation>Token “{label}” was not found; plugged-in tokens: {found}. Correct the token name or leave it empty.</translation>
    </message>
    <message>
        <source>Đã mở token “{label}” nhưng không thấy chứng thư số nào trên đó.</source>
        <translation>Opened token “{label}” but it holds no certificate.</translation>
    </message>
    <message>
        <source>Đã mở token “{label}” ({maker}): {count} chứng thư số; chứng thư của {owner}, có hiệu lực đến {until}.</source>
        <translation>Opened token “{label}” ({maker}): {count} certificates; the certificate of {owner} is valid until {until}.</translation>
    </message>
    <message>
        <source>Máy chủ nhiều lần không nhận tệp {name} (nội dung không khớp); tệp được giữ lại để gửi lại lần đồng bộ sau.</source>
        <translation>The server refused the file {name} several times (its content did not match); the file is kept and will be sent again at the next sync.</translation>
    </message>
    <message>
        <source>Tệp {sha} tải về từ máy chủ không khớp mã SHA-256 (tệp trên máy chủ bị hỏng hoặc đường truyền lỗi); tệp không được lưu, lần đồng bộ sau sẽ tải lại.</source>
        <translation>The file {sha} downloaded from the server does not match its SHA-256 (the file on the server is damaged or the transfer failed); it was not saved and will be downloaded again at the next sync.</translation>
    </message>
    <message>
        <source>Máy chủ từ chối phiên đăng nhập: {detail}</source>
        <translation>The server refused the session: {detail}</translation>
    </message>
    <message>
        <source>Máy chủ tạm thời không nhận được dữ liệu ({status}): {detail}</source>
        <translation>The server cannot take data right now ({status}): {detail}</translation>
    </message>
    <message>
        <source>Máy chủ từ chối yêu cầu: {detail}</source>
        <translation>The server refused the request: {detail}</translation>
    </message>
    <message>
        <source>Không kết nối được máy chủ {url} ({reason}); dữ liệu được giữ lại để gửi sau.</source>
        <translation>Cannot reach the server {url} ({reason}); the data is kept and will be sent later.</translation>
    </message>
    <message>
        <source>Không xác thực được chứng thư của máy chủ {url}; hãy kiểm tra địa chỉ hoặc tệp CA của cơ quan.</source>
        <translation>The certificate of the server {url} could not be verified; check the address or the organization&apos;s CA file.</translation>
    </message>
    <message>
        <source>Danh bạ cơ quan, dòng {line}: thiếu tên cơ quan.</source>
        <translation>Issuer directory, line {line}: the organization name is missing.</translation>
    </message>
    <message>
        <source>Danh bạ cơ quan, dòng {line}: mã “{code}” không đúng dạng 000.00.00.H00.</source>
        <translation>Issuer directory, line {line}: code “{code}” is not of the form 000.00.00.H00.</translation>
    </message>
    <message>
        <source>Danh bạ cơ quan {path} không phải văn bản UTF-8.</source>
        <translation>Issuer directory {path} is not UTF-8 text.</translation>
    </message>
    <message>
        <source>Không đọc được danh bạ cơ quan {path}: {reason}.</source>
        <translation>Cannot read the issuer directory {path}: {reason}.</translation>
    </message>
    <message>
        <source>Không lưu được các sửa đổi vào {path}: {reason}.</source>
        <translation>Cannot save the corrections to {path}: {reason}.</translation>
    </message>
    <message>
        <source>Chưa cài Tesseract OCR; cài gói tesseract-ocr và tesseract-ocr-vie rồi thử lại.</source>
        <translation>Tesseract OCR is not installed; install the tesseract-ocr and tesseract-ocr-vie packages and try again.</translation>
    </message>
    <message>
        <source>Tesseract chưa có dữ liệu ngôn ngữ “{language}”; cài gói {package} rồi thử lại.</source>
        <translation>Tesseract has no “{language}” language data; install the {package} package and try again.</translation>
    </message>
    <message>
        <source>Giờ làm việc “{value}” không đúng dạng; viết như 07:30-11:30, 13:30-17:00.</source>
        <translation>Office hours “{value}” are not in the right form; write them like 07:30-11:30, 13:30-17:00.</translation>
    </message>
    <message>
        <source>Buổi làm việc “{value}”: giờ bắt đầu phải trước giờ kết thúc.</source>
        <translation>Office period “{value}”: the start must be before the end.</translation>
    </message>
    <message>
        <source>Chưa nhập giờ làm việc (ví dụ 07:30-11:30, 13:30-17:00).</source>
        <translation>Office hours are missing (for example 07:30-11:30, 13:30-17:00).</translation>
    </message>
    <message>
        <source>Các buổi làm việc chồng lên nhau; sửa lại giờ làm việc.</source>
        <translation>The office periods overlap; correct the office hours.</translation>
    </message>
    <message>
        <source>Dòng “{value}” không phải một ngày (viết dd/mm/yyyy rồi ghi chú nếu cần).</source>
        <translation>Line “{value}” is not a date (write dd/mm/yyyy, then a note if needed).</translation>
    </message>
    <message>
        <source>Phải có ít nhất một ngày làm việc trong tuần.</source>
        <translation>At least one day of the week must be a working day.</translation>
    </message>
    <message>
        <source>Ngày trong tuần không hợp lệ.</source>
        <translation>Invalid day of the week.</translation>
    </message>
    <message>
        <source>Ghi chú dài {length} ký tự, vượt giới hạn {limit} ký tự.</source>
        <translation>The note is {length} characters long, over the limit of {limit}.</translation>
    </message>
    <message>
        <source>Số đến {number}/{year} đã hủy, không đánh dấu giải quyết được.</source>
        <translation>Arrival number {number}/{year} is void and cannot be marked as handled.</translation>
    </message>
    <message>
        <source>Số đến {number}/{year} đã được đánh dấu giải quyết ngày {day}.</source>
        <translation>Arrival number {number}/{year} was already marked as handled on {day}.</translation>
    </message>
    <message>
        <source>Không thấy thư mục {path}.</source>
        <translation>Folder {path} was not found.</translation>
    </message>
    <message>
        <source>Thư mục {path} không có tệp PDF nào.</source>
        <translation>Folder {path} has no PDF files.</translation>
    </message>
    <message>
        <source>Tệp {name} không phải PDF; văn bản điện tử có chữ ký số là tệp PDF.</source>
        <translation>File {name} is not a PDF; signed electronic documents are PDF files.</translation>
    </message>
    <message>
        <source>Văn bản {name} có chữ ký số không hợp lệ nên không vào sổ được; hãy từ chối và báo lại cho nơi gửi.</source>
        <translation>Document {name} has an invalid digital signature and cannot be registered; refuse it and tell the sender.</translation>
    </message>
    <message>
        <source>Chưa cấp số văn bản đi.</source>
        <translation>No outgoing number has been taken yet.</translation>
    </message>
    <message>
        <source>Không có văn bản đi mã {id}.</source>
        <translation>There is no outgoing document with id {id}.</translation>
    </message>
    <message>
        <source>Phải ghi lý do hủy số văn bản đi.</source>
        <translation>Give the reason for voiding the outgoing number.</translation>
    </message>
    <message>
        <source>Số {number} đã bị hủy từ trước.</source>
        <translation>Number {number} was already voided.</translation>
    </message>
    <message>
        <source>Không có văn bản bị từ chối mã {id}.</source>
        <translation>There is no refused document with id {id}.</translation>
    </message>
    <message>
        <source>Chưa cắm USB token của cơ quan; hãy cắm token rồi thử lại.</source>
        <translation>The organization&apos;s USB token is not plugged in; plug it in and try again.</translation>
    </message>
    <message>
        <source>Văn bản đã vào sổ (số đến {number}) nên không bỏ được; hãy làm tiếp các bước còn lại.</source>
        <translation>The document is already registered (arrival number {number}) so it cannot be dropped; finish the remaining steps.</translation>
    </message>
    <message>
        <source>Tệp {name} là văn bản điện tử, không phải bản quét; hãy tiếp nhận bằng “Tiếp nhận văn bản điện tử”.</source>
        <translation>The file {name} is an electronic document, not a scan; receive it with “Electronic intake”.</translation>
    </message>
    <message>
        <source>Văn bản phải còn ít nhất một trang; muốn bỏ cả văn bản thì chọn “Bỏ văn bản này”.</source>
        <translation>A document keeps at least one page; to drop the whole document choose “Drop this document”.</translation>
    </message>
    <message>
        <source>Chọn một trang ở giữa văn bản để tách.</source>
        <translation>Choose a page inside the document to split at.</translation>
    </message>
    <message>
        <source>Văn bản chưa có trang nào.</source>
        <translation>The document has no pages yet.</translation>
    </message>
    <message>
        <source>Chưa đọc được thông tin văn bản; thử lại.</source>
        <translation>The document&apos;s details could not be read yet; try again.</translation>
    </message>
    <message>
        <source>Văn bản chưa được số hóa xong; chờ một chút rồi thử lại.</source>
        <translation>The document is not digitized yet; wait a moment and try again.</translation>
    </message>
    <message>
        <source>Chưa đóng dấu ĐẾN nên chưa ký được.</source>
        <translation>The ĐẾN stamp is not on the document yet, so it cannot be signed.</translation>
    </message>
    <message>
        <source>Chưa ký được văn bản: {reason}. Kiểm tra USB token rồi thử lại.</source>
        <translation>The document could not be signed: {reason}. Check the USB token and try again.</translation>
    </message>
    <message>
        <source>Văn bản chưa vào sổ.</source>
        <translation>The document is not registered yet.</translation>
    </message>
    <message>
        <source>Không ghi được trang quét vào {path}; kiểm tra chỗ trống trên đĩa.</source>
        <translation>Could not save the scanned page in {path}; check the free disk space.</translation>
    </message>
    <message>
        <source>Không đọc được trang đã quét {path}.</source>
        <translation>Could not read the scanned page {path}.</translation>
    </message>
    <message>
        <source>Phần nhận dạng chữ dừng bất thường (mã {code}); hãy thử lại.</source>
        <translation>Text recognition stopped unexpectedly (code {code}); try again.</translation>
    </message>
    <message>
        <source>Không ghi được danh bạ cơ quan {path}: {reason}; lần đồng bộ sau sẽ thử lại.</source>
        <translation>Could not write the organization directory {path}: {reason}; the next sync will try again.</translation>
    </message>
    <message>
        <source>Bảng có hơn {limit} dòng, vượt giới hạn của Excel: hãy chọn kỳ ngắn hơn.</source>
        <translation>The table has more than {limit} rows, beyond Excel&apos;s limit: choose a shorter period.</translation>
    </message>
    <message>
        <source>Tệp {path} không phải bảng tính Excel (.xlsx) đọc được.</source>
        <translation>The file {path} is not a readable Excel (.xlsx) spreadsheet.</translation>
    </message>
    <message>
        <source>Gói {id} là gói trạng thái, không phải văn bản.</source>
        <translation>Package {id} is a status packet, not a document.</translation>
    </message>
    <message>
        <source>Gói {id} đã được xử lý ({state}); không làm lại được.</source>
        <translation>Package {id} has already been handled ({state}); it cannot be handled again.</translation>
    </message>
    <message>
        <source>Gói {id} là đề nghị thu hồi/cập nhật văn bản; hãy đồng ý hoặc từ chối đề nghị.</source>
        <translation>Package {id} is a request to revoke or update a document; accept or refuse the request.</translation>
    </message>
    <message>
        <source>Văn bản trong gói {id} không hợp lệ (chữ ký số hoặc tệp hỏng) nên không vào sổ được; hãy từ chối và ghi lý do.</source>
        <translation>The document in package {id} is not valid (digital signature or damaged file), so it cannot be registered; refuse it and give the reason.</translation>
    </message>
    <message>
        <source>Gói {id} không phải đề nghị thu hồi hay cập nhật.</source>
        <translation>Package {id} is not a request to revoke or update.</translation>
    </message>
    <message>
        <source>Chưa vào sổ văn bản có mã định danh {doc}; không có gì để thu hồi hay cập nhật.</source>
        <translation>No document with identifier {doc} has been registered; there is nothing to revoke or update.</translation>
    </message>
    <message>
        <source>Chỉ báo được trạng thái 04, 05 hoặc 06.</source>
        <translation>Only statuses 04, 05 or 06 can be reported.</translation>
    </message>
    <message>
        <source>Văn bản số đến {number} không nhận qua trục liên thông; không có nơi để báo.</source>
        <translation>Arrival number {number} did not come through the exchange; there is no sender to tell.</translation>
    </message>
    <message>
        <source>Chưa chọn nơi nhận nào cho gói văn bản.</source>
        <translation>No recipient has been chosen for the package.</translation>
    </message>
    <message>
        <source>Nơi nhận “{name}” chưa có mã định danh cơ quan.</source>
        <translation>Recipient “{name}” has no organization code.</translation>
    </message>
    <message>
        <source>Chưa đặt mã định danh của cơ quan mình (cài đặt: mã cơ quan), nên chưa gửi được.</source>
        <translation>This organization&apos;s code is not set (settings: organization code), so nothing can be sent yet.</translation>
    </message>
    <message>
        <source>Không có gói nhận được mã {id}.</source>
        <translation>There is no received package with id {id}.</translation>
    </message>
    <message>
        <source>Gói {name} có quá nhiều thẻ hoặc lồng quá sâu; không đọc.</source>
        <translation>Package {name} has too many elements or nests them too deeply; not read.</translation>
    </message>
    <message>
        <source>Tệp {name} không phải gói edXML (thẻ gốc “{tag}”, không gian tên “{ns}”).</source>
        <translation>File {name} is not an edXML package (root element “{tag}”, namespace “{ns}”).</translation>
    </message>
    <message>
        <source>Phần đầu của gói {name} quá lớn so với một gói edXML; không đọc.</source>
        <translation>The header of package {name} is too large for an edXML package; not read.</translation>
    </message>
    <message>
        <source>Không đọc được tệp {name}: {reason}.</source>
        <translation>Cannot read file {name}: {reason}.</translation>
    </message>
    <message>
        <source>Gói {name} lớn hơn {limit} MB; không nhận.</source>
        <translation>Package {name} is larger than {limit} MB; not accepted.</translation>
    </message>
    <message>
        <source>Gói {name} có khai báo DTD hoặc thực thể XML (có thể là gói độc hại); không đọc.</source>
        <translation>Package {name} declares a DTD or XML entities (possibly a malicious package); not read.</translation>
    </message>
    <message>
        <source>Gói {name} không phải XML hợp lệ (dòng {line}, cột {column}: {reason}); không đọc.</source>
        <translation>Package {name} is not well-formed XML (line {line}, column {column}: {reason}); not read.</translation>
    </message>
    <message>
        <source>Gói {name} khai báo bảng mã không đọc được ({reason}); không đọc.</source>
        <translation>Package {name} declares an encoding that cannot be read ({reason}); not read.</translation>
    </message>
    <message>
        <source>Gói {name} không có phần MessageHeader nên không biết văn bản của ai; không đọc.</source>
        <translation>Package {name} has no MessageHeader, so it is not known whose document it is; not read.</translation>
    </message>
    <message>
        <source>Không kết nối được máy chủ ({reason}); gói vẫn chờ trong hộp thư đi.</source>
        <translation>Cannot reach the server ({reason}); the packages wait in the outbox.</translation>
    </message>
    <message>
        <source>Máy chủ từ chối đăng nhập; hãy đăng nhập lại.</source>
        <translation>The server refused the login; log in again.</translation>
    </message>
    <message>
        <source>Máy chủ đang bận ({status}); gói vẫn chờ trong hộp thư đi.</source>
        <translation>The server is busy ({status}); the packages wait in the outbox.</translation>
    </message>
    <message>
        <source>Phần quét dừng bất thường (mã {code}); đã giữ {count} trang.</source>
        <translation>Scanning stopped unexpectedly (code {code}); {count} pages were kept.</translation>
    </message>
    <message>
        <source>Máy quét không phản hồi sau {seconds} giây nên đã dừng quét; đã giữ {count} trang quét trước đó. Hãy tắt rồi bật lại máy quét và quét tiếp.</source>
        <translation>The scanner did not respond for {seconds} seconds, so scanning was stopped; the {count} pages scanned before were kept. Turn the scanner off and on again and continue scanning.</translation>
    </message>
    <message>
        <source>Tệp {name} đang được ghi dở (kích thước thay đổi trong lúc sao chép); hãy đợi chương trình khác ghi xong rồi thử lại.</source>
        <translation>The file {name} is still being written (its size changed while it was copied); wait for the other program to finish and try again.</translation>
    </message>
    <message>
        <source>Gói {name} là thư MIME nhiều phần nhưng không khai báo ranh giới (boundary); không đọc.</source>
        <translation>Package {name} is a multipart MIME message without a boundary; not read.</translation>
    </message>
    <message>
        <source>Phần XML của gói {name} lớn hơn {limit} MB; không đọc.</source>
        <translation>The XML part of package {name} is larger than {limit} MB; not read.</translation>
    </message>
    <message>
        <source>Phần XML của gói {name} {reason}; không đọc.</source>
        <translation>The XML part of package {name}: {reason}; not read.</translation>
    </message>
    <message>
        <source>Gói {name}: phần đầu của một phần MIME hỏng hoặc quá dài; không đọc.</source>
        <translation>Package {name}: the headers of a MIME part are broken or too long; not read.</translation>
    </message>
    <message>
        <source>Gói {name} có quá nhiều phần MIME; không đọc.</source>
        <translation>Package {name} has too many MIME parts; not read.</translation>
    </message>
    <message>
        <source>Gói MIME {name} không có phần XML edXML; không đọc.</source>
        <translation>MIME package {name} has no edXML part; not read.</translation>
    </message>
    <message>
        <source>Số đến {number} đã bị hủy, không gắn thêm tệp được.</source>
        <translation>Arrival number {number} was voided; no file can be attached to it.</translation>
    </message>
    <message>
        <source>Máy này đã hết số văn bản đi được máy chủ cấp trước cho {series}; hãy kết nối mạng và đồng bộ (qlvb sync hoặc “Đồng bộ ngay”) để nhận thêm số rồi mới ký. Chưa ký, chưa cấp số nào.</source>
        <translation>This station has used all the outgoing numbers the server leased to it for {series}; connect to the network and sync (qlvb sync or “Đồng bộ ngay”) to receive more numbers before signing. Nothing was signed and no number was used.</translation>
    </message>
    <message>
        <source>Dữ liệu hồ sơ không hợp lệ ({what}).</source>
        <translation>Invalid case file data ({what}).</translation>
    </message>
</context>
<context>
    <name>ExchangeDialog</name>
    <message>
        <source>HỢP LỆ</source>
        <translation>VALID</translation>
    </message>
    <message>
        <source>CẦN XEM</source>
        <translation>CHECK</translation>
    </message>
    <message>
        <source>KHÔNG HỢP LỆ</source>
        <translation>INVALID</translation>
    </message>
    <message>
        <source>Văn bản liên thông (edXML)</source>
        <translation>Exchanged documents (edXML)</translation>
    </message>
    <message>
        <source>Các gói đã nhận</source>
        <translation>Received packages</translation>
    </message>
    <message>
        <source>Độ khẩn</source>
        <translation>Urgency</translation>
    </message>
    <message>
        <source>Loại</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Nơi gửi</source>
        <translation>Sender</translation>
    </message>
    <message>
        <source>Số, ký hiệu</source>
        <translation>Number</translation>
    </message>
    <message>
        <source>Trích yếu</source>
        <translation>Subject</translation>
    </message>
    <message>
        <source>Kiểm tra</source>
        <translation>Check</translation>
    </message>
    <message>
        <source>Thời gian đến</source>
        <translation>Arrived</translation>
    </message>
    <message>
        <source>Trạng thái</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>&amp;Nhận gói…</source>
        <translation>&amp;Receive packages…</translation>
    </message>
    <message>
        <source>&amp;Mở</source>
        <translation>&amp;Open</translation>
    </message>
    <message>
        <source>Kết quả kiểm tra</source>
        <translation>Verification result</translation>
    </message>
    <message>
        <source>&lt; &amp;Danh sách</source>
        <translation>&lt; &amp;List</translation>
    </message>
    <message>
        <source>&amp;Từ chối…</source>
        <translation>Re&amp;fuse…</translation>
    </message>
    <message>
        <source>Đồng ý &amp;thu hồi/cập nhật</source>
        <translation>Accept &amp;revocation/update</translation>
    </message>
    <message>
        <source>&amp;Vào sổ</source>
        <translation>&amp;Register</translation>
    </message>
    <message>
        <source>Hộp thư đến</source>
        <translation>Inbox</translation>
    </message>
    <message>
        <source>Trạng thái văn bản đã gửi</source>
        <translation>Status of sent documents</translation>
    </message>
    <message>
        <source>Mã định danh văn bản</source>
        <translation>Document identifier</translation>
    </message>
    <message>
        <source>Nơi nhận</source>
        <translation>Recipients</translation>
    </message>
    <message>
        <source>Thời gian</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Ghi chú</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>T&amp;hu hồi…</source>
        <translation>&amp;Recall…</translation>
    </message>
    <message>
        <source>Đề nghị các nơi nhận thu hồi văn bản đã gửi</source>
        <translation>Ask the recipients to take back a document sent to them</translation>
    </message>
    <message>
        <source>Đã gửi</source>
        <translation>Sent</translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Gói trạng thái</source>
        <translation>Status packet</translation>
    </message>
    <message>
        <source>Văn bản mới</source>
        <translation>New document</translation>
    </message>
    <message>
        <source>THU HỒI</source>
        <translation>REVOCATION</translation>
    </message>
    <message>
        <source>CẬP NHẬT</source>
        <translation>UPDATE</translation>
    </message>
    <message>
        <source>THAY THẾ</source>
        <translation>REPLACEMENT</translation>
    </message>
    <message>
        <source>Chờ xử lý</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <source>Đã vào sổ</source>
        <translation>Registered</translation>
    </message>
    <message>
        <source>Đã từ chối</source>
        <translation>Refused</translation>
    </message>
    <message>
        <source>Đã đồng ý</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <source>Đã từ chối đề nghị</source>
        <translation>Request refused</translation>
    </message>
    <message>
        <source>Đã ghi nhận</source>
        <translation>Recorded</translation>
    </message>
    <message>
        <source>13 Đã đề nghị thu hồi</source>
        <translation>13 Recall requested</translation>
    </message>
    <message>
        <source>Thu hồi văn bản</source>
        <translation>Recall the document</translation>
    </message>
    <message>
        <source>Lý do đề nghị thu hồi văn bản {n} (gửi tới mọi nơi đã nhận):</source>
        <translation>Reason for recalling document {n} (sent to every recipient):</translation>
    </message>
    <message>
        <source>Chọn gói edXML</source>
        <translation>Choose edXML packages</translation>
    </message>
    <message>
        <source>Gói edXML (*.edxml *.xml);;Mọi tệp (*)</source>
        <translation>edXML packages (*.edxml *.xml);;All files (*)</translation>
    </message>
    <message>
        <source>Mã định danh: </source>
        <translation>Identifier: </translation>
    </message>
    <message>
        <source>ĐỀ NGHỊ {kind}: {reason}</source>
        <translation>REQUEST FOR {kind}: {reason}</translation>
    </message>
    <message>
        <source>Liên quan đến số đến {n}: {subject}</source>
        <translation>Concerns arrival number {n}: {subject}</translation>
    </message>
    <message>
        <source>Chưa vào sổ văn bản này.</source>
        <translation>This document has not been registered.</translation>
    </message>
    <message>
        <source>Có thể trùng</source>
        <translation>Possible duplicate</translation>
    </message>
    <message>
        <source>Từ chối</source>
        <translation>Refuse</translation>
    </message>
    <message>
        <source>Lý do (sẽ báo lại cho nơi gửi):</source>
        <translation>Reason (the sender will be told):</translation>
    </message>
</context>
<context>
    <name>ExtractForm</name>
    <message>
        <source>Văn bản {number} của {issuer} ngày {date} có thể đã vào sổ (số đến {arrival}/{year}). Hãy kiểm tra trước khi vào sổ lần nữa.</source>
        <translation>Document {number} of {issuer} dated {date} may already be registered (arrival number {arrival}/{year}). Check before registering it again.</translation>
    </message>
    <message>
        <source>Nơi nhận</source>
        <translation>Recipients</translation>
    </message>
</context>
<context>
    <name>Fields</name>
    <message>
        <source>Mã cơ quan lập hồ sơ</source>
        <translation>Case file organization code</translation>
    </message>
    <message>
        <source>Năm hồ sơ</source>
        <translation>Case file year</translation>
    </message>
    <message>
        <source>Ký hiệu hồ sơ</source>
        <translation>Case file notation</translation>
    </message>
    <message>
        <source>Số thứ tự văn bản trong hồ sơ</source>
        <translation>Order of the document in the case file</translation>
    </message>
    <message>
        <source>Tên loại văn bản</source>
        <translation>Document type</translation>
    </message>
    <message>
        <source>Số văn bản</source>
        <translation>Document number</translation>
    </message>
    <message>
        <source>Ký hiệu văn bản</source>
        <translation>Document notation</translation>
    </message>
    <message>
        <source>Số, ký hiệu văn bản</source>
        <translation>Number and notation</translation>
    </message>
    <message>
        <source>Ngày văn bản</source>
        <translation>Document date</translation>
    </message>
    <message>
        <source>Cơ quan ban hành</source>
        <translation>Issuing body</translation>
    </message>
    <message>
        <source>Cơ quan chủ quản</source>
        <translation>Governing body</translation>
    </message>
    <message>
        <source>Địa danh</source>
        <translation>Place</translation>
    </message>
    <message>
        <source>Trích yếu</source>
        <translation>Subject</translation>
    </message>
    <message>
        <source>Ngôn ngữ</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>Số trang</source>
        <translation>Page count</translation>
    </message>
    <message>
        <source>Ghi chú</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Ngày giờ đến</source>
        <translation>Arrival date and time</translation>
    </message>
    <message>
        <source>Số đến</source>
        <translation>Arrival no.</translation>
    </message>
    <message>
        <source>Chức vụ người ký</source>
        <translation>Signer&apos;s title</translation>
    </message>
    <message>
        <source>Họ tên người ký</source>
        <translation>Signer&apos;s name</translation>
    </message>
    <message>
        <source>Thẩm quyền ký</source>
        <translation>Signing authority</translation>
    </message>
    <message>
        <source>Độ khẩn</source>
        <translation>Urgency</translation>
    </message>
    <message>
        <source>Độ mật</source>
        <translation>Confidentiality</translation>
    </message>
    <message>
        <source>Đơn vị hoặc người nhận</source>
        <translation>Receiving unit or person</translation>
    </message>
    <message>
        <source>Hạn giải quyết</source>
        <translation>Due date</translation>
    </message>
    <message>
        <source>Hình thức nhận</source>
        <translation>Received by</translation>
    </message>
    <message>
        <source>Mã định danh văn bản</source>
        <translation>Document identifier</translation>
    </message>
    <message>
        <source>Sổ đăng ký</source>
        <translation>Register book</translation>
    </message>
    <message>
        <source>Ý kiến chỉ đạo</source>
        <translation>Instruction</translation>
    </message>
    <message>
        <source>Lý do</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>chờ cấp số</source>
        <translation>awaiting its number</translation>
    </message>
</context>
<context>
    <name>FieldsController</name>
    <message>
        <source>Đang nhận dạng chữ và đọc thông tin; có thể nhập trước.</source>
        <translation>Recognizing text and reading the details; you can start typing.</translation>
    </message>
    <message>
        <source>Đang nhận dạng chữ (OCR)…</source>
        <translation>Recognizing text (OCR)…</translation>
    </message>
    <message>
        <source>Ô tô vàng cần kiểm tra ({n} ô). Chọn một ô để thấy chỗ đọc trên trang.</source>
        <translation>Yellow fields need checking ({n}). Select a field to see where it was read on the page.</translation>
    </message>
    <message>
        <source>Đã đọc xong; kiểm tra rồi nhấn Enter để vào sổ.</source>
        <translation>Reading done; check, then press Enter to register.</translation>
    </message>
    <message>
        <source>Đang vào sổ…</source>
        <translation>Registering…</translation>
    </message>
    <message>
        <source>Đang chuẩn bị dấu ĐẾN…</source>
        <translation>Preparing the ĐẾN stamp…</translation>
    </message>
</context>
<context>
    <name>FieldsStep</name>
    <message>
        <source>Ảnh trang văn bản</source>
        <translation>Page image</translation>
    </message>
    <message>
        <source>Tôi đã kiểm tra: vẫn vào sổ văn bản này</source>
        <translation>I have checked: register this document anyway</translation>
    </message>
    <message>
        <source>Có thể trùng: văn bản này giống văn bản đã vào sổ số đến {numbers}.</source>
        <translation>Possible duplicate: this document looks like the one registered as arrival number {numbers}.</translation>
    </message>
</context>
<context>
    <name>FileStep</name>
    <message>
        <source>Chọn tệp PDF văn bản đã có chữ ký số của lãnh đạo. Phần mềm kiểm tra chữ ký trước.</source>
        <translation>Choose the PDF the leader has signed digitally. Its signature is checked first.</translation>
    </message>
    <message>
        <source>&amp;Mở tệp PDF…</source>
        <translation>&amp;Open PDF…</translation>
    </message>
    <message>
        <source>Mở tệp PDF</source>
        <translation>Open PDF</translation>
    </message>
    <message>
        <source>Chưa chọn tệp.</source>
        <translation>No file chosen.</translation>
    </message>
    <message>
        <source>Kết quả kiểm tra chữ ký</source>
        <translation>Signature check result</translation>
    </message>
    <message>
        <source>Đang kiểm tra chữ ký…</source>
        <translation>Checking the signatures…</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <source>Bắt đầu sử dụng</source>
        <translation>Getting started</translation>
    </message>
    <message>
        <source>Chào mừng! Nhập tên cơ quan, tổ chức của bạn: tên này in trên sổ đăng ký, dấu ĐẾN và chữ ký số. Các cài đặt khác đã có sẵn giá trị mặc định, sửa sau trong Cài đặt (Ctrl+,).</source>
        <translation>Welcome! Enter the name of your organization: it is printed on the register, the ĐẾN stamp and the digital signatures. Every other setting has a default; change them later in Settings (Ctrl+,).</translation>
    </message>
    <message>
        <source>&amp;Tên cơ quan:</source>
        <translation>Organization &amp;name:</translation>
    </message>
    <message>
        <source>Ví dụ: SỞ TÀI CHÍNH</source>
        <translation>For example: SỞ TÀI CHÍNH</translation>
    </message>
    <message>
        <source>Tên cơ quan</source>
        <translation>Organization name</translation>
    </message>
    <message>
        <source>Bắt đầu</source>
        <translation>Start</translation>
    </message>
    <message>
        <source>Chưa nhập tên cơ quan.</source>
        <translation>The organization name is missing.</translation>
    </message>
</context>
<context>
    <name>ForwardController</name>
    <message>
        <source>Đã ký. Ghi nơi chuyển, ý kiến chỉ đạo, hạn giải quyết rồi nhấn Enter.</source>
        <translation>Signed. Enter where it goes, the instruction and the due date, then press Enter.</translation>
    </message>
    <message>
        <source>Đang ghi chuyển xử lý…</source>
        <translation>Recording the forwarding…</translation>
    </message>
</context>
<context>
    <name>ForwardStep</name>
    <message>
        <source>Phòng, đơn vị hoặc người xử lý</source>
        <translation>Division, unit or person handling it</translation>
    </message>
    <message>
        <source>Ý kiến chỉ đạo của lãnh đạo (nếu có)</source>
        <translation>The leader&apos;s instruction (if any)</translation>
    </message>
    <message>
        <source>dd/mm/yyyy — để trống nếu không có hạn</source>
        <translation>dd/mm/yyyy — leave empty for no due date</translation>
    </message>
    <message>
        <source>Ký hiệu hồ sơ, ví dụ 01.TCCB — để trống nếu chưa lập hồ sơ</source>
        <translation>Case file notation, e.g. 01.TCCB — leave empty if there is none yet</translation>
    </message>
    <message>
        <source>Chuyển cho:</source>
        <translation>Forward to:</translation>
    </message>
    <message>
        <source>Chuyển cho đơn vị hoặc người</source>
        <translation>Forward to unit or person</translation>
    </message>
    <message>
        <source>Ý kiến chỉ đạo:</source>
        <translation>Instruction:</translation>
    </message>
    <message>
        <source>Ý kiến chỉ đạo</source>
        <translation>Instruction</translation>
    </message>
    <message>
        <source>Hạn giải quyết:</source>
        <translation>Due date:</translation>
    </message>
    <message>
        <source>Hạn giải quyết</source>
        <translation>Due date</translation>
    </message>
    <message>
        <source>Lưu vào hồ sơ:</source>
        <translation>File into case file:</translation>
    </message>
    <message>
        <source>Lưu vào hồ sơ</source>
        <translation>File into case file</translation>
    </message>
    <message>
        <source>Bản sao y đã ký: {path}</source>
        <translation>Signed true copy: {path}</translation>
    </message>
</context>
<context>
    <name>IntakeWizard</name>
    <message>
        <source>Tiếp nhận văn bản giấy…</source>
        <translation>Paper intake…</translation>
    </message>
    <message>
        <source>Chưa cấu hình phần quét và ký số.</source>
        <translation>Scanning and signing are not set up.</translation>
    </message>
    <message>
        <source>1. Quét</source>
        <translation>1. Scan</translation>
    </message>
    <message>
        <source>2. Trang</source>
        <translation>2. Pages</translation>
    </message>
    <message>
        <source>3. Thông tin</source>
        <translation>3. Details</translation>
    </message>
    <message>
        <source>4. Vào sổ</source>
        <translation>4. Register</translation>
    </message>
    <message>
        <source>5. Dấu ĐẾN</source>
        <translation>5. ĐẾN stamp</translation>
    </message>
    <message>
        <source>6. Ký sao y</source>
        <translation>6. Sign copy</translation>
    </message>
    <message>
        <source>7. Chuyển</source>
        <translation>7. Forward</translation>
    </message>
    <message>
        <source>Tiếp nhận văn bản giấy</source>
        <translation>Paper intake</translation>
    </message>
    <message>
        <source>USB token của cơ quan</source>
        <translation>The organization&apos;s USB token</translation>
    </message>
    <message>
        <source>Đang chuẩn bị…</source>
        <translation>Getting ready…</translation>
    </message>
    <message>
        <source>Văn bản đang chờ xử lý</source>
        <translation>Documents waiting</translation>
    </message>
    <message>
        <source>Văn bản khẩn lên đầu, tô đỏ. Nhấn đúp để chuyển sang văn bản đó.</source>
        <translation>Urgent documents first, in red. Double-click to switch to a document.</translation>
    </message>
    <message>
        <source>Hàng chờ:</source>
        <translation>Queue:</translation>
    </message>
    <message>
        <source>Tiến độ</source>
        <translation>Progress</translation>
    </message>
    <message>
        <source>Dừng (Esc)</source>
        <translation>Stop (Esc)</translation>
    </message>
    <message>
        <source>Quay lại (Alt+←)</source>
        <translation>Back (Alt+←)</translation>
    </message>
    <message>
        <source>Bỏ văn bản này</source>
        <translation>Drop this document</translation>
    </message>
    <message>
        <source>Tự qua bước không cần kiểm tra</source>
        <translation>Skip steps with nothing to check</translation>
    </message>
    <message>
        <source>Bỏ qua trang không có gì cần xem, số đến vừa cấp, dấu ĐẾN đã có chỗ trống và chữ ký khi đã nhập PIN</source>
        <translation>Go past pages with nothing to look at, the arrival number just given, an ĐẾN stamp that found empty room and the signature once the PIN is known</translation>
    </message>
    <message>
        <source>Đã dừng. Văn bản được giữ ở bước này; làm tiếp khi sẵn sàng.</source>
        <translation>Stopped. The document stays at this step; continue when ready.</translation>
    </message>
    <message>
        <source>Đang dừng…</source>
        <translation>Stopping…</translation>
    </message>
    <message>
        <source>Chưa làm được</source>
        <translation>Not done</translation>
    </message>
    <message>
        <source>Làm tiếp {n} văn bản chưa xong từ lần trước.</source>
        <translation>Continuing {n} documents left unfinished last time.</translation>
    </message>
    <message>
        <source>{n} trang</source>
        <translation>{n} pages</translation>
    </message>
    <message>
        <source>Chuẩn bị văn bản mới…</source>
        <translation>Preparing a new document…</translation>
    </message>
    <message>
        <source>Độ khẩn: {u}</source>
        <translation>Urgency: {u}</translation>
    </message>
    <message>
        <source>Số đến {n}</source>
        <translation>Arrival no. {n}</translation>
    </message>
    <message>
        <source>Tiếp nhận văn bản giấy — {step}</source>
        <translation>Paper intake — {step}</translation>
    </message>
    <message>
        <source>(bước hiện tại)</source>
        <translation>(current step)</translation>
    </message>
    <message>
        <source>Tiếp tục: sắp xếp trang (Enter)</source>
        <translation>Next: arrange pages (Enter)</translation>
    </message>
    <message>
        <source>Tiếp tục: nhập thông tin (Enter)</source>
        <translation>Next: enter details (Enter)</translation>
    </message>
    <message>
        <source>Vào sổ (Enter)</source>
        <translation>Register (Enter)</translation>
    </message>
    <message>
        <source>Đóng dấu ĐẾN (Enter)</source>
        <translation>ĐẾN stamp (Enter)</translation>
    </message>
    <message>
        <source>Đóng dấu tại đây (Enter)</source>
        <translation>Stamp here (Enter)</translation>
    </message>
    <message>
        <source>Ký sao y (Enter)</source>
        <translation>Sign the copy (Enter)</translation>
    </message>
    <message>
        <source>Chuyển và sang văn bản tiếp (Enter)</source>
        <translation>Forward and go to the next document (Enter)</translation>
    </message>
    <message>
        <source>Tìm thấy {n} máy quét.</source>
        <translation>Found {n} scanners.</translation>
    </message>
    <message>
        <source>Đang tìm máy quét…</source>
        <translation>Looking for scanners…</translation>
    </message>
    <message>
        <source>Đang lưu hồ sơ máy quét…</source>
        <translation>Saving the scanner profile…</translation>
    </message>
    <message>
        <source>Đã nhận {n} trang.</source>
        <translation>Received {n} pages.</translation>
    </message>
    <message>
        <source>Chọn tệp bản quét</source>
        <translation>Choose scan files</translation>
    </message>
    <message>
        <source>Bản quét (*.pdf *.jpg *.jpeg *.png *.tif *.tiff)</source>
        <translation>Scans (*.pdf *.jpg *.jpeg *.png *.tif *.tiff)</translation>
    </message>
    <message>
        <source>Đang đọc và làm sạch các trang…</source>
        <translation>Reading and cleaning the pages…</translation>
    </message>
    <message>
        <source>Đang quét… (Esc để dừng)</source>
        <translation>Scanning… (Esc to stop)</translation>
    </message>
    <message>
        <source>Tờ phân cách chia thành {n} văn bản.</source>
        <translation>Separator sheets split it into {n} documents.</translation>
    </message>
    <message>
        <source>Nhấn Enter để sắp xếp trang.</source>
        <translation>Press Enter to arrange the pages.</translation>
    </message>
    <message>
        <source>Bỏ văn bản</source>
        <translation>Drop document</translation>
    </message>
    <message>
        <source>Bỏ văn bản này (các trang đã quét sẽ bị xóa)?</source>
        <translation>Drop this document (its scanned pages will be deleted)?</translation>
    </message>
    <message>
        <source>Đang bỏ văn bản…</source>
        <translation>Dropping the document…</translation>
    </message>
    <message>
        <source>Xong văn bản số đến {n}. Văn bản tiếp theo.</source>
        <translation>Arrival no. {n} done. Next document.</translation>
    </message>
    <message>
        <source>Đang xử lý</source>
        <translation>Working</translation>
    </message>
    <message>
        <source>Đang {what}
Dừng lại và đóng? Văn bản được giữ ở bước hiện tại và làm tiếp được lần sau.</source>
        <translation>Busy: {what}
Stop and close? The document stays at its current step and can be continued next time.</translation>
    </message>
    <message>
        <source>Dừng và đóng</source>
        <translation>Stop and close</translation>
    </message>
    <message>
        <source>Làm tiếp</source>
        <translation>Keep working</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Vào sổ văn bản mới…</source>
        <translation>Register new document…</translation>
    </message>
    <message>
        <source>Tìm</source>
        <translation>Find</translation>
    </message>
    <message>
        <source>In sổ đăng ký…</source>
        <translation>Print register…</translation>
    </message>
    <message>
        <source>Sổ đăng ký</source>
        <translation>Register</translation>
    </message>
    <message>
        <source>Sửa văn bản đang chọn…</source>
        <translation>Edit the selected document…</translation>
    </message>
    <message>
        <source>Cài đặt…</source>
        <translation>Settings…</translation>
    </message>
    <message>
        <source>Làm mới</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>Thoát</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>&amp;Tệp</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>&amp;Văn bản</source>
        <translation>&amp;Documents</translation>
    </message>
    <message>
        <source>&amp;Cài đặt</source>
        <translation>&amp;Settings</translation>
    </message>
    <message>
        <source>Thao tác</source>
        <translation>Actions</translation>
    </message>
    <message>
        <source>&amp;Xem</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <source>Tìm:</source>
        <translation>Find:</translation>
    </message>
    <message>
        <source>Trích yếu, tác giả, số ký hiệu, người ký, nơi nhận… (gõ có dấu hoặc không dấu)</source>
        <translation>Subject, issuer, number, signer, recipient… (with or without Vietnamese marks)</translation>
    </message>
    <message>
        <source>Mọi năm</source>
        <translation>All years</translation>
    </message>
    <message>
        <source>Mọi sổ</source>
        <translation>All books</translation>
    </message>
    <message>
        <source>Từ ngày: mọi</source>
        <translation>From: any</translation>
    </message>
    <message>
        <source>Đến ngày: mọi</source>
        <translation>To: any</translation>
    </message>
    <message>
        <source>Mọi độ khẩn</source>
        <translation>Any urgency</translation>
    </message>
    <message>
        <source>Mọi văn bản khẩn</source>
        <translation>All urgent documents</translation>
    </message>
    <message>
        <source>Mọi trạng thái</source>
        <translation>Any status</translation>
    </message>
    <message>
        <source>Năm</source>
        <translation>Year</translation>
    </message>
    <message>
        <source>Sổ</source>
        <translation>Book</translation>
    </message>
    <message>
        <source>Ngày đến</source>
        <translation>Arrival date</translation>
    </message>
    <message>
        <source>Độ khẩn</source>
        <translation>Urgency</translation>
    </message>
    <message>
        <source>Trạng thái</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Đã vào sổ: số đến {number}.</source>
        <translation>Registered: arrival number {number}.</translation>
    </message>
    <message>
        <source>Cài đặt</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>Đã hiểu</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>{count} văn bản</source>
        <translation>{count} documents</translation>
    </message>
    <message>
        <source>Đang làm việc…</source>
        <translation>Working…</translation>
    </message>
    <message>
        <source>Sổ đăng ký văn bản đến</source>
        <translation>Incoming document register</translation>
    </message>
    <message>
        <source>Đã sửa văn bản số đến {number}/{year}.</source>
        <translation>Arrival number {number}/{year} edited.</translation>
    </message>
    <message>
        <source>Đã vào sổ bản đính chính: số đến {number}/{year}.</source>
        <translation>Correction registered: arrival number {number}/{year}.</translation>
    </message>
    <message>
        <source>Đang in sổ…</source>
        <translation>Printing the register…</translation>
    </message>
    <message>
        <source>In sổ</source>
        <translation>Print register</translation>
    </message>
    <message>
        <source>Đã in sổ ra tệp {path}.</source>
        <translation>The register was printed to {path}.</translation>
    </message>
    <message>
        <source>In ra giấy…</source>
        <translation>Print on paper…</translation>
    </message>
    <message>
        <source>Mở tệp</source>
        <translation>Open file</translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Không thực hiện được</source>
        <translation>Could not be done</translation>
    </message>
</context>
<context>
    <name>OpenCaseFileDialog</name>
    <message>
        <source>Mở hồ sơ</source>
        <translation>Open a case file</translation>
    </message>
    <message>
        <source>(Hồ sơ ngoài danh mục)</source>
        <translation>(Not in the list)</translation>
    </message>
    <message>
        <source>số năm, hoặc Vĩnh viễn</source>
        <translation>years, or Vĩnh viễn (permanent)</translation>
    </message>
    <message>
        <source>Theo danh mục:</source>
        <translation>From the list:</translation>
    </message>
    <message>
        <source>Số và ký hiệu hồ sơ:</source>
        <translation>Case-file code:</translation>
    </message>
    <message>
        <source>Tiêu đề hồ sơ:</source>
        <translation>Title:</translation>
    </message>
    <message>
        <source>Thời hạn bảo quản:</source>
        <translation>Retention:</translation>
    </message>
    <message>
        <source>Đơn vị/người lập hồ sơ:</source>
        <translation>Created by (unit/person):</translation>
    </message>
    <message>
        <source>Hủy bỏ</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>OutgoingRegisterDialog</name>
    <message>
        <source>Sổ văn bản đi</source>
        <translation>Outgoing register</translation>
    </message>
    <message>
        <source>Từ ngày</source>
        <translation>From</translation>
    </message>
    <message>
        <source>Đến ngày</source>
        <translation>To</translation>
    </message>
    <message>
        <source>Sổ:</source>
        <translation>Register:</translation>
    </message>
    <message>
        <source>Từ ngày:</source>
        <translation>From:</translation>
    </message>
    <message>
        <source>Đến ngày:</source>
        <translation>To:</translation>
    </message>
    <message>
        <source>Số, ký hiệu</source>
        <translation>Number, notation</translation>
    </message>
    <message>
        <source>Ngày</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Tên loại và trích yếu</source>
        <translation>Type and subject</translation>
    </message>
    <message>
        <source>Người ký</source>
        <translation>Signer</translation>
    </message>
    <message>
        <source>Nơi nhận</source>
        <translation>Recipients</translation>
    </message>
    <message>
        <source>Tệp</source>
        <translation>File</translation>
    </message>
    <message>
        <source>Ghi chú</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>&amp;Hủy số…</source>
        <translation>&amp;Void number…</translation>
    </message>
    <message>
        <source>&amp;In sổ văn bản đi…</source>
        <translation>&amp;Print the outgoing register…</translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Hủy: </source>
        <translation>Voided: </translation>
    </message>
    <message>
        <source>Chưa có văn bản đi nào trong kỳ này.</source>
        <translation>No outgoing documents in this period.</translation>
    </message>
    <message>
        <source>Hủy số văn bản đi</source>
        <translation>Void an outgoing number</translation>
    </message>
    <message>
        <source>Lý do hủy số {number} (số vẫn giữ trong sổ):</source>
        <translation>Reason for voiding {number} (the number stays in the register):</translation>
    </message>
    <message>
        <source>In sổ văn bản đi</source>
        <translation>Print the outgoing register</translation>
    </message>
    <message>
        <source>Tệp PDF (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <source>Đã in sổ văn bản đi ra {path}</source>
        <translation>Outgoing register printed to {path}</translation>
    </message>
</context>
<context>
    <name>OutgoingWizard</name>
    <message>
        <source>Phát hành văn bản đi</source>
        <translation>Issue an outgoing document</translation>
    </message>
    <message>
        <source>&lt; &amp;Quay lại</source>
        <translation>&lt; &amp;Back</translation>
    </message>
    <message>
        <source>&amp;Tiếp &gt;</source>
        <translation>&amp;Next &gt;</translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Bước 1/4: Văn bản lãnh đạo đã ký</source>
        <translation>Step 1/4: The document the leader signed</translation>
    </message>
    <message>
        <source>Bước 2/4: Sổ, số và thông tin văn bản</source>
        <translation>Step 2/4: Register, number and details</translation>
    </message>
    <message>
        <source>Bước 3/4: Vị trí số, ngày và con dấu</source>
        <translation>Step 3/4: Where number, date and seal go</translation>
    </message>
    <message>
        <source>Bước 4/4: Ký số của cơ quan</source>
        <translation>Step 4/4: The organization&apos;s signature</translation>
    </message>
    <message>
        <source>Đã phát hành</source>
        <translation>Issued</translation>
    </message>
    <message>
        <source>&amp;Ký số và cấp số</source>
        <translation>&amp;Sign and number</translation>
    </message>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Đang lấy số đề xuất; sẽ tự sang bước sau khi có số.</source>
        <translation>Fetching the proposed number; the next step opens by itself once it arrives.</translation>
    </message>
    <message>
        <source>Chọn văn bản lãnh đạo đã ký</source>
        <translation>Choose the document the leader signed</translation>
    </message>
    <message>
        <source>Tệp PDF (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <source>Đang ký số</source>
        <translation>Signing</translation>
    </message>
    <message>
        <source>Đang ký số văn bản. Dừng lại? Văn bản chưa được cấp số nếu chữ ký chưa xong.</source>
        <translation>The document is being signed. Stop? It gets no number unless the signature completes.</translation>
    </message>
</context>
<context>
    <name>PageList</name>
    <message>
        <source>Trang {n}</source>
        <translation>Page {n}</translation>
    </message>
    <message>
        <source>Văn bản mới</source>
        <translation>New document</translation>
    </message>
    <message>
        <source>TRANG TRẮNG ({score:.0%})</source>
        <translation>BLANK PAGE ({score:.0%})</translation>
    </message>
</context>
<context>
    <name>PagePreview</name>
    <message>
        <source>Trang văn bản</source>
        <translation>Document page</translation>
    </message>
    <message>
        <source>Trang trước</source>
        <translation>Previous page</translation>
    </message>
    <message>
        <source>Trang sau</source>
        <translation>Next page</translation>
    </message>
    <message>
        <source>Xem bản đã đóng dấu</source>
        <translation>Show the stamped copy</translation>
    </message>
    <message>
        <source>Xem bản gốc</source>
        <translation>Show the original</translation>
    </message>
    <message>
        <source>Đang xem bản gốc; bấm để xem bản đã đóng dấu ĐẾN, đã ký</source>
        <translation>Showing the original; click to show the copy with the arrival stamp and signature</translation>
    </message>
    <message>
        <source>Đang xem bản đã đóng dấu ĐẾN, đã ký; bấm để xem bản gốc như khi nhận</source>
        <translation>Showing the copy with the arrival stamp and signature; click to show the original as received</translation>
    </message>
    <message>
        <source>Văn bản này chưa có tệp để xem.</source>
        <translation>This document has no file to show yet.</translation>
    </message>
    <message>
        <source>Đang hiện trang…</source>
        <translation>Showing the page…</translation>
    </message>
    <message>
        <source>Không hiện được trang của tệp này; mở tệp bằng trình xem PDF.</source>
        <translation>This file&apos;s page cannot be shown; open the file in a PDF viewer.</translation>
    </message>
    <message>
        <source>Trang {page}/{count}</source>
        <translation>Page {page}/{count}</translation>
    </message>
</context>
<context>
    <name>PagesController</name>
    <message>
        <source>Đang mở trang…</source>
        <translation>Opening pages…</translation>
    </message>
    <message>
        <source>Kiểm tra thứ tự và chiều trang; trang trắng được đánh dấu vàng. Enter để tiếp tục.</source>
        <translation>Check the order and the way up of the pages; blank pages are marked yellow. Enter to continue.</translation>
    </message>
    <message>
        <source>Đang lưu trang…</source>
        <translation>Saving pages…</translation>
    </message>
    <message>
        <source>Đang tách văn bản…</source>
        <translation>Splitting the document…</translation>
    </message>
    <message>
        <source>Quay lại bước quét…</source>
        <translation>Back to scanning…</translation>
    </message>
</context>
<context>
    <name>PagesStep</name>
    <message>
        <source>Các trang của văn bản</source>
        <translation>Pages of the document</translation>
    </message>
    <message>
        <source>Xoay trái (Ctrl+L)</source>
        <translation>Rotate left (Ctrl+L)</translation>
    </message>
    <message>
        <source>Xoay phải (Ctrl+R)</source>
        <translation>Rotate right (Ctrl+R)</translation>
    </message>
    <message>
        <source>Lên trước (Ctrl+↑)</source>
        <translation>Move up (Ctrl+↑)</translation>
    </message>
    <message>
        <source>Xuống sau (Ctrl+↓)</source>
        <translation>Move down (Ctrl+↓)</translation>
    </message>
    <message>
        <source>Trang trắng / không (Ctrl+B)</source>
        <translation>Blank / not blank (Ctrl+B)</translation>
    </message>
    <message>
        <source>Xóa trang (Delete)</source>
        <translation>Delete page (Delete)</translation>
    </message>
    <message>
        <source>Tách văn bản từ trang này (Ctrl+T)</source>
        <translation>Split from this page (Ctrl+T)</translation>
    </message>
    <message>
        <source>{n} trang</source>
        <translation>{n} pages</translation>
    </message>
    <message>
        <source>{n} trang trắng (không đưa vào văn bản)</source>
        <translation>{n} blank pages (left out of the document)</translation>
    </message>
</context>
<context>
    <name>PreviewStep</name>
    <message>
        <source>Kéo khung để chỉnh vị trí (hoặc dùng phím mũi tên; Shift + mũi tên cho con dấu).</source>
        <translation>Drag a frame to move it (or use the arrow keys; Shift + arrows for the seal).</translation>
    </message>
    <message>
        <source>Trang 1: vị trí số và ngày</source>
        <translation>Page 1: where the number and date go</translation>
    </message>
    <message>
        <source>Trang có chữ ký: vị trí con dấu</source>
        <translation>Signed page: where the seal goes</translation>
    </message>
    <message>
        <source>Chưa có ảnh con dấu của cơ quan; hãy chọn ảnh con dấu trong Cài đặt.</source>
        <translation>There is no image of the organization&apos;s seal; choose one in Settings.</translation>
    </message>
    <message>
        <source>Con dấu</source>
        <translation>Seal</translation>
    </message>
</context>
<context>
    <name>PrintDialog</name>
    <message>
        <source>In sổ đăng ký văn bản đến</source>
        <translation>Print the incoming document register</translation>
    </message>
    <message>
        <source>Năm</source>
        <translation>Year</translation>
    </message>
    <message>
        <source>Sổ</source>
        <translation>Book</translation>
    </message>
    <message>
        <source>dd/mm/yyyy — từ đầu năm</source>
        <translation>dd/mm/yyyy — from the start of the year</translation>
    </message>
    <message>
        <source>dd/mm/yyyy — đến cuối năm</source>
        <translation>dd/mm/yyyy — to the end of the year</translation>
    </message>
    <message>
        <source>Từ ngày</source>
        <translation>From</translation>
    </message>
    <message>
        <source>Đến ngày</source>
        <translation>To</translation>
    </message>
    <message>
        <source>Chọn…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <source>Lưu ra tệp PDF</source>
        <translation>Save as PDF file</translation>
    </message>
    <message>
        <source>In ra PDF</source>
        <translation>Print to PDF</translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Lưu sổ ra tệp</source>
        <translation>Save register as</translation>
    </message>
    <message>
        <source>Chưa chọn tệp để lưu.</source>
        <translation>No output file chosen.</translation>
    </message>
    <message>
        <source>“{text}” không phải ngày hợp lệ (dạng dd/mm/yyyy).</source>
        <translation>“{text}” is not a valid date (dd/mm/yyyy).</translation>
    </message>
    <message>
        <source>Ngày bắt đầu sau ngày kết thúc.</source>
        <translation>The start date is after the end date.</translation>
    </message>
    <message>
        <source>Khoảng ngày phải nằm trong năm {year}.</source>
        <translation>The dates must be within the year {year}.</translation>
    </message>
</context>
<context>
    <name>Printing</name>
    <message>
        <source>Xem trước khi in: {title}</source>
        <translation>Print preview: {title}</translation>
    </message>
</context>
<context>
    <name>RefusedDialog</name>
    <message>
        <source>Văn bản điện tử đã từ chối</source>
        <translation>Refused electronic documents</translation>
    </message>
    <message>
        <source>Văn bản đã từ chối, lý do, và việc đã báo lại cho nơi gửi hay chưa.</source>
        <translation>Refused documents, the reasons, and whether the sender has been told.</translation>
    </message>
    <message>
        <source>Ngày nhận</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>Tệp</source>
        <translation>File</translation>
    </message>
    <message>
        <source>Nơi gửi (theo chữ ký)</source>
        <translation>Sender (from the signature)</translation>
    </message>
    <message>
        <source>Lý do</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Đã báo nơi gửi</source>
        <translation>Sender told</translation>
    </message>
    <message>
        <source>Danh sách văn bản đã từ chối</source>
        <translation>List of refused documents</translation>
    </message>
    <message>
        <source>&amp;Chép nội dung báo nơi gửi</source>
        <translation>&amp;Copy the notice for the sender</translation>
    </message>
    <message>
        <source>Đánh dấu &amp;đã báo</source>
        <translation>Mark as &amp;told</translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>CHƯA BÁO</source>
        <translation>NOT TOLD</translation>
    </message>
    <message>
        <source>Chưa từ chối văn bản nào.</source>
        <translation>No document has been refused.</translation>
    </message>
    <message>
        <source>Văn bản “{name}” gửi đến ngày {date} không được tiếp nhận. Lý do: {reason} Đề nghị gửi lại.</source>
        <translation>The document “{name}” sent on {date} was not accepted. Reason: {reason} Please send it again.</translation>
    </message>
    <message>
        <source>Đã chép nội dung báo nơi gửi.</source>
        <translation>The notice for the sender was copied.</translation>
    </message>
</context>
<context>
    <name>RegisterController</name>
    <message>
        <source>Đang mở văn bản…</source>
        <translation>Opening the document…</translation>
    </message>
    <message>
        <source>Đã vào sổ. Nhấn Enter để đóng dấu ĐẾN.</source>
        <translation>Registered. Press Enter for the ĐẾN stamp.</translation>
    </message>
    <message>
        <source>Đang chuẩn bị dấu ĐẾN…</source>
        <translation>Preparing the ĐẾN stamp…</translation>
    </message>
</context>
<context>
    <name>RegisterStep</name>
    <message>
        <source>Số đến: {number}</source>
        <translation>Arrival no.: {number}</translation>
    </message>
    <message>
        <source>Đã vào {book} năm {year}, lúc {when}.
{subject}</source>
        <translation>Registered in {book} {year}, at {when}.
{subject}</translation>
    </message>
</context>
<context>
    <name>RegisterTableModel</name>
    <message>
        <source>Số đến</source>
        <translation>Arrival no.</translation>
    </message>
    <message>
        <source>Ngày đến</source>
        <translation>Arrival date</translation>
    </message>
    <message>
        <source>Tác giả</source>
        <translation>Issuer</translation>
    </message>
    <message>
        <source>Số, ký hiệu</source>
        <translation>Number</translation>
    </message>
    <message>
        <source>Ngày văn bản</source>
        <translation>Document date</translation>
    </message>
    <message>
        <source>Tên loại</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Trích yếu</source>
        <translation>Subject</translation>
    </message>
    <message>
        <source>Độ khẩn</source>
        <translation>Urgency</translation>
    </message>
    <message>
        <source>Đơn vị hoặc người nhận</source>
        <translation>Receiving unit or person</translation>
    </message>
    <message>
        <source>Hạn giải quyết</source>
        <translation>Due date</translation>
    </message>
    <message>
        <source>Trạng thái</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Không sắp xếp được theo cột này</source>
        <translation>This column cannot be sorted</translation>
    </message>
</context>
<context>
    <name>RegistrationForm</name>
    <message>
        <source>Vào sổ</source>
        <translation>Register</translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Lưu và nhập tiếp văn bản khác</source>
        <translation>Save and enter the next document</translation>
    </message>
    <message>
        <source>Gõ để tìm: Công văn, Quyết định…</source>
        <translation>Type to search: Official letter, Decision…</translation>
    </message>
    <message>
        <source>Theo độ mật (mặc định)</source>
        <translation>By confidentiality (default)</translation>
    </message>
    <message>
        <source>dd/mm/yyyy</source>
        <translation>dd/mm/yyyy</translation>
    </message>
    <message>
        <source>Tối đa {limit} ký tự</source>
        <translation>At most {limit} characters</translation>
    </message>
    <message>
        <source>Bắt buộc</source>
        <translation>Required</translation>
    </message>
    <message>
        <source>Thuộc về số đến: không sửa được (hủy số và vào sổ lại nếu nhầm).</source>
        <translation>Part of the arrival number: cannot be edited (void it and register again if wrong).</translation>
    </message>
    <message>
        <source>Sửa văn bản: số đến {number}/{year}</source>
        <translation>Edit document: arrival number {number}/{year}</translation>
    </message>
    <message>
        <source>Lưu sửa đổi</source>
        <translation>Save changes</translation>
    </message>
    <message>
        <source>Sửa thông tin văn bản đã vào sổ. Số đến giữ nguyên; mọi thay đổi được ghi vào nhật ký.</source>
        <translation>Edit a registered document. The arrival number stays; every change is recorded in the audit log.</translation>
    </message>
    <message>
        <source>Đính chính: số đến {number}/{year}</source>
        <translation>Correction: arrival number {number}/{year}</translation>
    </message>
    <message>
        <source>Vào sổ bản đính chính</source>
        <translation>Register the correction</translation>
    </message>
    <message>
        <source>Sổ đã khóa đến ngày {through}: văn bản này không sửa được nữa. Bản đính chính được vào sổ với số đến mới, ngày hôm nay, ghi rõ là đính chính cho số đến {number}.</source>
        <translation>The book is closed through {through}: this document can no longer be edited. The correction is registered with a new arrival number, dated today, stating that it corrects arrival number {number}.</translation>
    </message>
    <message>
        <source>Đang vào sổ…</source>
        <translation>Registering…</translation>
    </message>
    <message>
        <source>Chưa có gì thay đổi.</source>
        <translation>Nothing has changed.</translation>
    </message>
    <message>
        <source>Đang lưu…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <source>Đã vào sổ: số đến {number}/{year}. Nhập văn bản tiếp theo.</source>
        <translation>Registered: arrival number {number}/{year}. Enter the next document.</translation>
    </message>
    <message>
        <source>Bỏ nội dung đã nhập?</source>
        <translation>Discard what was typed?</translation>
    </message>
    <message>
        <source>Văn bản đang nhập chưa được lưu. Đóng và bỏ nội dung đã nhập?</source>
        <translation>The document being entered is not saved. Close and discard what was typed?</translation>
    </message>
    <message>
        <source>Bỏ và đóng</source>
        <translation>Discard and close</translation>
    </message>
    <message>
        <source>Tiếp tục nhập</source>
        <translation>Keep editing</translation>
    </message>
    <message>
        <source>Có thể trùng văn bản</source>
        <translation>Possible duplicate</translation>
    </message>
    <message>
        <source>Số đến {arrival}/{year}, ngày {day}: {number} — {issuer} — {subject}</source>
        <translation>Arrival no. {arrival}/{year}, {day}: {number} — {issuer} — {subject}</translation>
    </message>
    <message>
        <source>Vẫn vào sổ</source>
        <translation>Register anyway</translation>
    </message>
    <message>
        <source>Quay lại sửa</source>
        <translation>Go back and edit</translation>
    </message>
    <message>
        <source>Chưa vào sổ: văn bản có thể trùng với văn bản đã có.</source>
        <translation>Not registered: the document may duplicate one already registered.</translation>
    </message>
    <message>
        <source>Chọn tệp đính kèm</source>
        <translation>Choose attached files</translation>
    </message>
    <message>
        <source>Văn bản (*.pdf *.jpg *.jpeg *.png *.tif *.tiff);;Mọi tệp (*)</source>
        <translation>Documents (*.pdf *.jpg *.jpeg *.png *.tif *.tiff);;All files (*)</translation>
    </message>
    <message>
        <source>Vào sổ văn bản đến</source>
        <translation>Register an incoming document</translation>
    </message>
    <message>
        <source>Văn bản</source>
        <translation>Document</translation>
    </message>
    <message>
        <source>Cơ quan ban hành *</source>
        <translation>Issuing body *</translation>
    </message>
    <message>
        <source>Ví dụ: Sở Tài chính tỉnh X</source>
        <translation>e.g. Department of Finance of X province</translation>
    </message>
    <message>
        <source>Cơ quan chủ quản</source>
        <translation>Governing body</translation>
    </message>
    <message>
        <source>Ví dụ: UBND tỉnh X</source>
        <translation>e.g. People&apos;s Committee of X province</translation>
    </message>
    <message>
        <source>Tên loại văn bản *</source>
        <translation>Document type *</translation>
    </message>
    <message>
        <source>Số, ký hiệu</source>
        <translation>Number</translation>
    </message>
    <message>
        <source>Ví dụ: 15/QĐ-UBND</source>
        <translation>e.g. 15/QĐ-UBND</translation>
    </message>
    <message>
        <source>Ngày văn bản</source>
        <translation>Document date</translation>
    </message>
    <message>
        <source>Địa danh</source>
        <translation>Place</translation>
    </message>
    <message>
        <source>Trích yếu *</source>
        <translation>Subject *</translation>
    </message>
    <message>
        <source>Trích yếu nội dung văn bản</source>
        <translation>Subject line of the document</translation>
    </message>
    <message>
        <source>Họ tên người ký</source>
        <translation>Signer&apos;s name</translation>
    </message>
    <message>
        <source>Chức vụ người ký</source>
        <translation>Signer&apos;s title</translation>
    </message>
    <message>
        <source>Thẩm quyền ký</source>
        <translation>Signing authority</translation>
    </message>
    <message>
        <source>Ví dụ: KT. CHỦ TỊCH</source>
        <translation>e.g. KT. CHỦ TỊCH (on behalf of the Chair)</translation>
    </message>
    <message>
        <source>Số trang</source>
        <translation>Page count</translation>
    </message>
    <message>
        <source>Ngôn ngữ</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>Mã định danh văn bản</source>
        <translation>Document identifier</translation>
    </message>
    <message>
        <source>Sổ đăng ký</source>
        <translation>Register book</translation>
    </message>
    <message>
        <source>Ngày giờ đến</source>
        <translation>Arrival date and time</translation>
    </message>
    <message>
        <source>Hình thức nhận</source>
        <translation>Received by</translation>
    </message>
    <message>
        <source>Độ khẩn</source>
        <translation>Urgency</translation>
    </message>
    <message>
        <source>Độ mật</source>
        <translation>Confidentiality</translation>
    </message>
    <message>
        <source>Đơn vị hoặc người nhận</source>
        <translation>Receiving unit or person</translation>
    </message>
    <message>
        <source>Hạn giải quyết</source>
        <translation>Due date</translation>
    </message>
    <message>
        <source>Ý kiến chỉ đạo</source>
        <translation>Instruction</translation>
    </message>
    <message>
        <source>Ghi chú</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Hồ sơ và tệp đính kèm</source>
        <translation>Case file and attachments</translation>
    </message>
    <message>
        <source>Mã hồ sơ</source>
        <translation>Case file code</translation>
    </message>
    <message>
        <source>Mã cơ quan</source>
        <translation>Org. code</translation>
    </message>
    <message>
        <source>Năm</source>
        <translation>Year</translation>
    </message>
    <message>
        <source>Ký hiệu hồ sơ</source>
        <translation>File notation</translation>
    </message>
    <message>
        <source>Số thứ tự văn bản trong hồ sơ</source>
        <translation>Order of the document in the case file</translation>
    </message>
    <message>
        <source>Tệp đính kèm</source>
        <translation>Attached files</translation>
    </message>
    <message>
        <source>Thêm tệp…</source>
        <translation>Add files…</translation>
    </message>
    <message>
        <source>Bỏ tệp</source>
        <translation>Remove file</translation>
    </message>
</context>
<context>
    <name>ServerSettingsPage</name>
    <message>
        <source>Chọn…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <source> giây</source>
        <translation> seconds</translation>
    </message>
    <message>
        <source>Địa chỉ máy chủ</source>
        <translation>Server address</translation>
    </message>
    <message>
        <source>Tài khoản</source>
        <translation>User name</translation>
    </message>
    <message>
        <source>Mật khẩu</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>Tệp CA của cơ quan (nếu có)</source>
        <translation>Organization&apos;s CA file (if any)</translation>
    </message>
    <message>
        <source>Số đến nhận trước để làm việc khi mất mạng</source>
        <translation>Arrival numbers reserved for offline work</translation>
    </message>
    <message>
        <source>Đồng bộ mỗi</source>
        <translation>Sync every</translation>
    </message>
    <message>
        <source>Đăng nhập và lưu</source>
        <translation>Log in and save</translation>
    </message>
    <message>
        <source>Chọn tệp CA</source>
        <translation>Choose the CA file</translation>
    </message>
    <message>
        <source>Chứng thư (*.pem *.crt)</source>
        <translation>Certificates (*.pem *.crt)</translation>
    </message>
    <message>
        <source>Địa chỉ máy chủ phải bắt đầu bằng https://.</source>
        <translation>The server address must start with https://.</translation>
    </message>
    <message>
        <source>Chưa nhập tài khoản.</source>
        <translation>The user name is missing.</translation>
    </message>
    <message>
        <source>Chưa nhập mật khẩu.</source>
        <translation>The password is missing.</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Thông tin cơ quan</source>
        <translation>Organization</translation>
    </message>
    <message>
        <source>Ví dụ: ỦY BAN NHÂN DÂN TỈNH X</source>
        <translation>e.g. ỦY BAN NHÂN DÂN TỈNH X</translation>
    </message>
    <message>
        <source>Ví dụ: SỞ TÀI CHÍNH</source>
        <translation>e.g. SỞ TÀI CHÍNH</translation>
    </message>
    <message>
        <source>Ví dụ: 000.00.04.G14</source>
        <translation>e.g. 000.00.04.G14</translation>
    </message>
    <message>
        <source>Cơ quan chủ quản</source>
        <translation>Governing body</translation>
    </message>
    <message>
        <source>Tên cơ quan</source>
        <translation>Organization name</translation>
    </message>
    <message>
        <source>Mã định danh cơ quan</source>
        <translation>Organization identifier</translation>
    </message>
    <message>
        <source>Ngôn ngữ giao diện</source>
        <translation>Interface language</translation>
    </message>
    <message>
        <source>Ngôn ngữ mới có hiệu lực khi mở lại chương trình.</source>
        <translation>A new language takes effect when the program is restarted.</translation>
    </message>
    <message>
        <source>Lưu</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Chưa nhập tên cơ quan.</source>
        <translation>The organization name is required.</translation>
    </message>
    <message>
        <source>Cài đặt</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>Cơ quan</source>
        <translation>Organization</translation>
    </message>
    <message>
        <source>Sổ</source>
        <translation>Books</translation>
    </message>
    <message>
        <source>Máy quét</source>
        <translation>Scanners</translation>
    </message>
    <message>
        <source>Token</source>
        <translation>Token</translation>
    </message>
    <message>
        <source>Máy chủ</source>
        <translation>Server</translation>
    </message>
    <message>
        <source>Giờ làm việc</source>
        <translation>Office hours</translation>
    </message>
    <message>
        <source>Ngôn ngữ</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>Tệp PNG nền trong suốt, đúng kích thước con dấu</source>
        <translation>PNG file, transparent background, the seal&apos;s real size</translation>
    </message>
    <message>
        <source>Chọn…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <source>Mặc định: tên người dùng của máy</source>
        <translation>Default: the computer&apos;s user name</translation>
    </message>
    <message>
        <source>Ví dụ: Văn phòng</source>
        <translation>For example: Văn phòng</translation>
    </message>
    <message>
        <source>Ghi thời gian ký dạng ISO 8601 (2026-05-29T14:03:00+07:00)</source>
        <translation>Write the signing time as ISO 8601 (2026-05-29T14:03:00+07:00)</translation>
    </message>
    <message>
        <source>Ảnh con dấu</source>
        <translation>Seal image</translation>
    </message>
    <message>
        <source>Tên văn thư</source>
        <translation>Clerk&apos;s name</translation>
    </message>
    <message>
        <source>Dấu ĐẾN: “Chuyển” mặc định</source>
        <translation>ĐẾN stamp: default “Chuyển”</translation>
    </message>
    <message>
        <source>Các sổ đăng ký</source>
        <translation>Register books</translation>
    </message>
    <message>
        <source>Tên sổ mới, ví dụ: Sổ văn bản đến của Phòng Kế hoạch</source>
        <translation>New book name, for example: Sổ văn bản đến của Phòng Kế hoạch</translation>
    </message>
    <message>
        <source>Sổ mật</source>
        <translation>Secret book</translation>
    </message>
    <message>
        <source>Thêm sổ</source>
        <translation>Add book</translation>
    </message>
    <message>
        <source>Mỗi sổ có dãy số riêng, bắt đầu từ 1 vào ngày 01/01. Sổ đã có không xóa được.</source>
        <translation>Each book has its own number series, starting at 1 on 1 January. Existing books cannot be deleted.</translation>
    </message>
    <message>
        <source>đến</source>
        <translation>incoming</translation>
    </message>
    <message>
        <source>đi</source>
        <translation>outgoing</translation>
    </message>
    <message>
        <source>, mật</source>
        <translation>, secret</translation>
    </message>
    <message>
        <source>Tên</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Thiết bị</source>
        <translation>Device</translation>
    </message>
    <message>
        <source>Khay</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>Hai mặt</source>
        <translation>Duplex</translation>
    </message>
    <message>
        <source>Độ phân giải (dpi)</source>
        <translation>Resolution (dpi)</translation>
    </message>
    <message>
        <source>Thêm hồ sơ</source>
        <translation>Add profile</translation>
    </message>
    <message>
        <source>Hồ sơ mới</source>
        <translation>New profile</translation>
    </message>
    <message>
        <source>Xóa hồ sơ</source>
        <translation>Remove profile</translation>
    </message>
    <message>
        <source>Hồ sơ máy quét được ghi nhớ khi quét; ở đây có thể đổi tên, khay, độ phân giải, hoặc xóa.</source>
        <translation>Scanner profiles are remembered when scanning; here you can rename them, change the source and resolution, or remove them.</translation>
    </message>
    <message>
        <source>Khay nạp giấy</source>
        <translation>Document feeder</translation>
    </message>
    <message>
        <source>Mặt kính</source>
        <translation>Flatbed</translation>
    </message>
    <message>
        <source>Để trống: tự tìm phần mềm token đã cài</source>
        <translation>Empty: find the installed token software automatically</translation>
    </message>
    <message>
        <source>Để trống khi chỉ cắm một token</source>
        <translation>Leave empty when only one token is plugged in</translation>
    </message>
    <message>
        <source>Kiểm tra token</source>
        <translation>Test token</translation>
    </message>
    <message>
        <source>Thư viện PKCS#11</source>
        <translation>PKCS#11 library</translation>
    </message>
    <message>
        <source>Tên token</source>
        <translation>Token name</translation>
    </message>
    <message>
        <source>Máy chủ cấp dấu thời gian</source>
        <translation>Timestamp server</translation>
    </message>
    <message>
        <source>T2</source>
        <translation>Mon</translation>
    </message>
    <message>
        <source>T3</source>
        <translation>Tue</translation>
    </message>
    <message>
        <source>T4</source>
        <translation>Wed</translation>
    </message>
    <message>
        <source>T5</source>
        <translation>Thu</translation>
    </message>
    <message>
        <source>T6</source>
        <translation>Fri</translation>
    </message>
    <message>
        <source>T7</source>
        <translation>Sat</translation>
    </message>
    <message>
        <source>CN</source>
        <translation>Sun</translation>
    </message>
    <message>
        <source>Nghỉ các ngày lễ, Tết theo Bộ luật Lao động (2024–2030)</source>
        <translation>Public holidays and Tết of the Labour Code (2024–2030) are days off</translation>
    </message>
    <message>
        <source>Mỗi dòng một ngày: dd/mm/yyyy ghi chú, ví dụ 02/01/2026 nghỉ bù</source>
        <translation>One day per line: dd/mm/yyyy note, for example 02/01/2026 compensatory day off</translation>
    </message>
    <message>
        <source>Ngày nghỉ cuối tuần phải đi làm bù, ví dụ 10/01/2026</source>
        <translation>Weekend days worked to make up, for example 10/01/2026</translation>
    </message>
    <message>
        <source> ngày làm việc</source>
        <translation> working days</translation>
    </message>
    <message>
        <source>Ngày làm việc</source>
        <translation>Working days</translation>
    </message>
    <message>
        <source>Ngày nghỉ bù, nghỉ thêm</source>
        <translation>Compensatory and extra days off</translation>
    </message>
    <message>
        <source>Ngày làm bù</source>
        <translation>Make-up working days</translation>
    </message>
    <message>
        <source>Hạn giải quyết mặc định</source>
        <translation>Default handling period</translation>
    </message>
    <message>
        <source>Báo sắp đến hạn trước</source>
        <translation>Warn of deadlines ahead by</translation>
    </message>
    <message>
        <source>Chọn ảnh con dấu</source>
        <translation>Choose the seal image</translation>
    </message>
    <message>
        <source>Chọn thư viện PKCS#11</source>
        <translation>Choose the PKCS#11 library</translation>
    </message>
    <message>
        <source>Thư viện (*.so *.dll *.dylib)</source>
        <translation>Libraries (*.so *.dll *.dylib)</translation>
    </message>
    <message>
        <source>Đang mở token…</source>
        <translation>Opening the token…</translation>
    </message>
    <message>
        <source>Chưa nhập tên sổ.</source>
        <translation>The book name is missing.</translation>
    </message>
</context>
<context>
    <name>SettingsFlow</name>
    <message>
        <source>Đang đăng nhập…</source>
        <translation>Logging in…</translation>
    </message>
    <message>
        <source>Đã thêm sổ “{name}”.</source>
        <translation>Book “{name}” added.</translation>
    </message>
</context>
<context>
    <name>SignController</name>
    <message>
        <source>Nhập mã PIN của USB token.</source>
        <translation>Enter the USB token PIN.</translation>
    </message>
    <message>
        <source>Đang ký số bản sao y…</source>
        <translation>Signing the true copy…</translation>
    </message>
</context>
<context>
    <name>SignStep</name>
    <message>
        <source>Đang tìm USB token…</source>
        <translation>Looking for the USB token…</translation>
    </message>
    <message>
        <source>Mã PIN của USB token</source>
        <translation>USB token PIN</translation>
    </message>
    <message>
        <source>Văn bản:</source>
        <translation>Document:</translation>
    </message>
    <message>
        <source>Mã &amp;PIN:</source>
        <translation>&amp;PIN:</translation>
    </message>
    <message>
        <source>hiệu lực đến</source>
        <translation>valid until</translation>
    </message>
    <message>
        <source>Nhập mã PIN của USB token.</source>
        <translation>Enter the USB token PIN.</translation>
    </message>
    <message>
        <source>Đang kiểm tra chữ ký của lãnh đạo…</source>
        <translation>Checking the leader&apos;s signature…</translation>
    </message>
    <message>
        <source>Đang mở USB token…</source>
        <translation>Opening the USB token…</translation>
    </message>
    <message>
        <source>Đang cấp số và ký số…</source>
        <translation>Numbering and signing…</translation>
    </message>
    <message>
        <source>Đang lưu tệp và ghi sổ…</source>
        <translation>Saving the file and recording it…</translation>
    </message>
    <message>
        <source>Mã PIN sai.</source>
        <translation>Wrong PIN.</translation>
    </message>
    <message>
        <source>Còn {n} lần thử.</source>
        <translation>{n} tries left.</translation>
    </message>
    <message>
        <source>Cẩn thận: nhập sai nữa token sẽ bị khóa.</source>
        <translation>Careful: one more wrong PIN locks the token.</translation>
    </message>
    <message>
        <source>Nhập lại mã PIN rồi bấm Ký số.</source>
        <translation>Enter the PIN again, then press Sign.</translation>
    </message>
    <message>
        <source>Mã PIN:</source>
        <translation>PIN:</translation>
    </message>
    <message>
        <source>USB token:</source>
        <translation>USB token:</translation>
    </message>
    <message>
        <source>Mã PIN đã nhập cho đợt này; nhấn Enter để ký bản sao y.</source>
        <translation>The PIN was entered for this batch; press Enter to sign the true copy.</translation>
    </message>
    <message>
        <source>Nhập mã PIN (một lần cho cả đợt) rồi nhấn Enter để ký bản sao y.</source>
        <translation>Enter the PIN (once for the batch), then press Enter to sign the true copy.</translation>
    </message>
</context>
<context>
    <name>SigningDialog</name>
    <message>
        <source>Ký số của cơ quan</source>
        <translation>Organization signature</translation>
    </message>
    <message>
        <source>USB token:</source>
        <translation>USB token:</translation>
    </message>
    <message>
        <source>Chứng thư số:</source>
        <translation>Certificate:</translation>
    </message>
    <message>
        <source>Mã PIN:</source>
        <translation>PIN:</translation>
    </message>
    <message>
        <source>Tệp</source>
        <translation>File</translation>
    </message>
    <message>
        <source>Kết quả</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>Chờ ký</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <source>Ký {n} tệp</source>
        <translation>Sign {n} files</translation>
    </message>
    <message>
        <source>Chưa cắm USB token</source>
        <translation>No USB token plugged in</translation>
    </message>
    <message>
        <source>Cấp bởi</source>
        <translation>Issued by</translation>
    </message>
    <message>
        <source>Hiệu lực</source>
        <translation>Valid</translation>
    </message>
    <message>
        <source>Nhập mã PIN của USB token.</source>
        <translation>Enter the USB token PIN.</translation>
    </message>
    <message>
        <source>Mã PIN sai.</source>
        <translation>Wrong PIN.</translation>
    </message>
    <message>
        <source>Còn {n} lần thử.</source>
        <translation>{n} tries left.</translation>
    </message>
    <message>
        <source>Cẩn thận: nhập sai nữa token sẽ bị khóa.</source>
        <translation>Careful: one more wrong PIN locks the token.</translation>
    </message>
    <message>
        <source>Thử lại</source>
        <translation>Try again</translation>
    </message>
    <message>
        <source>Đã ký</source>
        <translation>Signed</translation>
    </message>
    <message>
        <source>Chưa ký</source>
        <translation>Not signed</translation>
    </message>
    <message>
        <source>Đã ký {ok}/{n} tệp.</source>
        <translation>Signed {ok}/{n} files.</translation>
    </message>
</context>
<context>
    <name>StampController</name>
    <message>
        <source>Đang chuẩn bị dấu ĐẾN…</source>
        <translation>Preparing the ĐẾN stamp…</translation>
    </message>
    <message>
        <source>Đang đóng dấu ĐẾN…</source>
        <translation>Stamping ĐẾN…</translation>
    </message>
</context>
<context>
    <name>StampStep</name>
    <message>
        <source>Vị trí dấu ĐẾN trên trang 1 (kéo hoặc dùng phím mũi tên)</source>
        <translation>Position of the ĐẾN stamp on page 1 (drag it or use the arrow keys)</translation>
    </message>
    <message>
        <source>Dấu ĐẾN ở {x:.0f} mm từ mép trái, {y:.0f} mm từ mép trên.</source>
        <translation>ĐẾN stamp {x:.0f} mm from the left edge, {y:.0f} mm from the top.</translation>
    </message>
    <message>
        <source>Trang 1 không có chỗ trống đủ cho dấu ĐẾN: kéo dấu tới chỗ thích hợp rồi nhấn Enter.</source>
        <translation>Page 1 has no empty room for the ĐẾN stamp: drag it to a suitable place, then press Enter.</translation>
    </message>
    <message>
        <source>Dấu ĐẾN đặt ở chỗ trống; kéo để dời (hoặc phím mũi tên), Enter để đóng dấu.</source>
        <translation>The ĐẾN stamp is placed in empty room; drag it (or use the arrow keys) to move it, Enter to stamp.</translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <source>Không mở được sổ</source>
        <translation>Cannot open the register</translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>StatisticsDialog</name>
    <message>
        <source>Thống kê, báo cáo</source>
        <translation>Statistics and reports</translation>
    </message>
    <message>
        <source>Từ ngày:</source>
        <translation>From:</translation>
    </message>
    <message>
        <source>đến ngày:</source>
        <translation>to:</translation>
    </message>
    <message>
        <source>&amp;Xem</source>
        <translation>&amp;Show</translation>
    </message>
    <message>
        <source>Sổ theo dõi giải quyết văn bản đến</source>
        <translation>Follow-up book of incoming documents</translation>
    </message>
    <message>
        <source>Báo cáo tình hình giải quyết văn bản đến</source>
        <translation>Report on handling incoming documents</translation>
    </message>
    <message>
        <source>Báo cáo tình hình văn bản đi</source>
        <translation>Report on outgoing documents</translation>
    </message>
    <message>
        <source>Danh sách hồ sơ</source>
        <translation>List of case files</translation>
    </message>
    <message>
        <source>Xuất &amp;báo cáo…</source>
        <translation>&amp;Export the report…</translation>
    </message>
    <message>
        <source>In ra &amp;giấy…</source>
        <translation>Print on &amp;paper…</translation>
    </message>
    <message>
        <source>Xem trước và in báo cáo đang chọn ra máy in (chọn máy in, trang, số bản)</source>
        <translation>Preview and print the selected report (choose the printer, pages, copies)</translation>
    </message>
    <message>
        <source>&amp;In biểu đồ…</source>
        <translation>&amp;Print the charts…</translation>
    </message>
    <message>
        <source>Đang tính…</source>
        <translation>Computing…</translation>
    </message>
    <message>
        <source>Từ {start} đến {end}: {total} văn bản đến, {overdue} quá hạn chưa giải quyết.</source>
        <translation>From {start} to {end}: {total} incoming documents, {overdue} overdue and not handled.</translation>
    </message>
    <message>
        <source>Văn bản đến theo tháng</source>
        <translation>Incoming documents per month</translation>
    </message>
    <message>
        <source>Văn bản đến theo cơ quan ban hành</source>
        <translation>Incoming documents per issuer</translation>
    </message>
    <message>
        <source>Văn bản quá hạn theo đơn vị, cá nhân</source>
        <translation>Overdue documents per unit or person</translation>
    </message>
    <message>
        <source>Xuất báo cáo</source>
        <translation>Export the report</translation>
    </message>
    <message>
        <source>Bảng tính hoặc PDF (*.xlsx *.pdf)</source>
        <translation>Spreadsheets or PDF (*.xlsx *.pdf)</translation>
    </message>
    <message>
        <source>Đã ghi tệp {path}.</source>
        <translation>Written to {path}.</translation>
    </message>
    <message>
        <source>Đang chuẩn bị bản in…</source>
        <translation>Preparing the printout…</translation>
    </message>
    <message>
        <source>Đang hiện bản xem trước khi in…</source>
        <translation>Opening the print preview…</translation>
    </message>
    <message>
        <source>In biểu đồ</source>
        <translation>Print the charts</translation>
    </message>
    <message>
        <source>Tệp PDF (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <source>Thống kê văn bản đến</source>
        <translation>Incoming document statistics</translation>
    </message>
    <message>
        <source>Đã in biểu đồ ra tệp {path}.</source>
        <translation>Charts printed to {path}.</translation>
    </message>
</context>
<context>
    <name>SyncStatusWidget</name>
    <message>
        <source>Đồng bộ ngay</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <source>Đã xem</source>
        <translation>Seen</translation>
    </message>
    <message>
        <source>Đã xem các thông báo của máy chủ: không báo lại nữa</source>
        <translation>I have seen the server&apos;s notices: stop showing them</translation>
    </message>
    <message>
        <source>Đang kiểm tra kết nối…</source>
        <translation>Checking the connection…</translation>
    </message>
    <message>
        <source>Làm việc độc lập (chưa cấu hình máy chủ)</source>
        <translation>Working alone (no server configured)</translation>
    </message>
    <message>
        <source>Trực tuyến</source>
        <translation>Online</translation>
    </message>
    <message>
        <source>Đang làm việc ngoại tuyến</source>
        <translation>Working offline</translation>
    </message>
    <message numerus="yes">
        <source>%n tệp đang chờ tải lại</source>
        <translation>
            <numerusform>%n file waiting to be fetched again</numerusform>
            <numerusform>%n files waiting to be fetched again</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n thông báo của máy chủ</source>
        <translation>
            <numerusform>%n notice from the server</numerusform>
            <numerusform>%n notices from the server</numerusform>
        </translation>
    </message>
    <message>
        <source>Liên thông %1: gửi %2 gói, nhận %3 văn bản và %4 trạng thái</source>
        <translation>Exchange %1: sent %2 packages, received %3 documents and %4 statuses</translation>
    </message>
    <message numerus="yes">
        <source>%n gói bị máy chủ từ chối</source>
        <translation>
            <numerusform>%n package refused by the server</numerusform>
            <numerusform>%n packages refused by the server</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n văn bản liên thông chờ xử lý (Ctrl+Shift+L)</source>
        <translation>
            <numerusform>%n exchanged document waiting (Ctrl+Shift+L)</numerusform>
            <numerusform>%n exchanged documents waiting (Ctrl+Shift+L)</numerusform>
        </translation>
    </message>
    <message>
        <source>Văn bản chờ số “%1” được cấp số đến %2</source>
        <translation>The entry “%1” that was waiting for a number got arrival number %2</translation>
    </message>
    <message>
        <source>Văn bản “%1”: số đến %3 đã bị thu hồi, số mới là %2; hãy sửa dấu ĐẾN</source>
        <translation>Entry “%1”: arrival number %3 was taken back, the new number is %2; correct the ĐẾN stamp</translation>
    </message>
    <message>
        <source>Văn bản “%1” (số đến %2) bị máy chủ từ chối nên đã bị hủy: %4</source>
        <translation>Entry “%1” (arrival number %2) was refused by the server and voided: %4</translation>
    </message>
    <message numerus="yes">
        <source>%n thao tác chờ gửi</source>
        <translation>
            <numerusform>%n change waiting to be sent</numerusform>
            <numerusform>%n changes waiting to be sent</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n văn bản chờ cấp số</source>
        <translation>
            <numerusform>%n document waiting for a number</numerusform>
            <numerusform>%n documents waiting for a number</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n thao tác bị từ chối</source>
        <translation>
            <numerusform>%n change refused</numerusform>
            <numerusform>%n changes refused</numerusform>
        </translation>
    </message>
    <message>
        <source>đồng bộ lần cuối: %1</source>
        <translation>last sync: %1</translation>
    </message>
    <message>
        <source>chưa</source>
        <translation>never</translation>
    </message>
</context>
<context>
    <name>TextPrompt</name>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Chưa nhập nội dung.</source>
        <translation>Nothing was entered.</translation>
    </message>
    <message>
        <source>Nội dung dài {length} ký tự, vượt giới hạn {limit} ký tự.</source>
        <translation>The text is {length} characters long, over the limit of {limit} characters.</translation>
    </message>
</context>
<context>
    <name>Vocab</name>
    <message>
        <source>Thường</source>
        <translation>Normal</translation>
    </message>
    <message>
        <source>Khẩn</source>
        <translation>Urgent (Khẩn)</translation>
    </message>
    <message>
        <source>Thượng khẩn</source>
        <translation>Very urgent (Thượng khẩn)</translation>
    </message>
    <message>
        <source>Hỏa tốc</source>
        <translation>Immediate (Hỏa tốc)</translation>
    </message>
    <message>
        <source>Mật</source>
        <translation>Secret (Mật)</translation>
    </message>
    <message>
        <source>Tối mật</source>
        <translation>Top secret (Tối mật)</translation>
    </message>
    <message>
        <source>Tuyệt mật</source>
        <translation>Absolute secret (Tuyệt mật)</translation>
    </message>
    <message>
        <source>Giấy (bưu điện)</source>
        <translation>Paper (post)</translation>
    </message>
    <message>
        <source>Điện tử</source>
        <translation>Electronic</translation>
    </message>
    <message>
        <source>Thư điện tử</source>
        <translation>Email</translation>
    </message>
    <message>
        <source>Nhận trực tiếp</source>
        <translation>By hand</translation>
    </message>
    <message>
        <source>Đã vào sổ</source>
        <translation>Registered</translation>
    </message>
    <message>
        <source>Hủy</source>
        <translation>Void</translation>
    </message>
    <message>
        <source>Bản gốc</source>
        <translation>Original</translation>
    </message>
    <message>
        <source>Bản đóng dấu ĐẾN</source>
        <translation>Copy with the arrival stamp</translation>
    </message>
    <message>
        <source>Bản đóng dấu ĐẾN, đã ký số</source>
        <translation>Copy with the arrival stamp, digitally signed</translation>
    </message>
    <message>
        <source>Đã đóng dấu ĐẾN</source>
        <translation>Arrival stamp added</translation>
    </message>
    <message>
        <source>Đã đóng dấu ĐẾN, đã ký</source>
        <translation>Arrival stamp added, signed</translation>
    </message>
</context>
</TS>
