//! Streaming a response written on a blocking thread: the writer sends
//! chunks of 64 KiB through a small channel (so a slow client slows the
//! writer instead of filling memory), and the first chunk is awaited
//! before the status is chosen, so an error found early is a status code.
//! An answer of one chunk is sent whole, with a Content-Length.

use std::io::Write;
use std::pin::Pin;
use std::task::{Context, Poll};

use axum::body::{Body, Bytes};
use axum::http::{HeaderValue, Response, StatusCode, header};
use http_body::Frame;
use tokio::sync::mpsc;

use super::Ticket;

const CHUNK: usize = 64 * 1024;

enum Message<E> {
    Data(Bytes),
    /// The final chunk: nothing follows.
    Last(Bytes),
    Failed(E),
}

/// A `Write` that sends what is written to the response, in chunks.
pub struct ChunkWriter<E> {
    buffer: Vec<u8>,
    sender: mpsc::Sender<Message<E>>,
}

impl<E> ChunkWriter<E> {
    fn send(&mut self, last: bool) -> std::io::Result<()> {
        let chunk = Bytes::from(std::mem::take(&mut self.buffer));
        let message = if last {
            Message::Last(chunk)
        } else {
            Message::Data(chunk)
        };
        self.sender
            .blocking_send(message)
            .map_err(|_| std::io::Error::new(std::io::ErrorKind::BrokenPipe, "the client left"))
    }
}

impl<E> Write for ChunkWriter<E> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.buffer.extend_from_slice(bytes);
        if self.buffer.len() >= CHUNK {
            self.send(false)?;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        // chunks go when full or at the end: an early flush would commit
        // the status before an error could still change it
        Ok(())
    }
}

/// What a blocking writer produced: a response to send as it streams, or
/// the error it met before writing anything.
pub enum Streamed<E> {
    Body(Response<Body>),
    Failed(E),
}

/// A negotiated response: caches must key it on the Accept header too.
pub(crate) fn varies_by_accept(mut response: Response<Body>) -> Response<Body> {
    response
        .headers_mut()
        .insert(header::VARY, HeaderValue::from_static("Accept"));
    response
}

/// Runs `work` on the blocking pool, holding `ticket` until it ends, and
/// streams what it writes as a `content_type` response with `status`.
pub(crate) async fn stream<E, F>(
    ticket: Ticket,
    status: StatusCode,
    content_type: &str,
    work: F,
) -> Streamed<E>
where
    E: std::fmt::Display + Send + 'static,
    F: FnOnce(&mut ChunkWriter<E>) -> Result<(), E> + Send + 'static,
{
    let (sender, mut receiver) = mpsc::channel::<Message<E>>(4);
    tokio::task::spawn_blocking(move || {
        let mut writer = ChunkWriter {
            buffer: Vec::new(),
            sender: sender.clone(),
        };
        let outcome = work(&mut writer);
        // the turn ends with the work, before its last chunk is handed
        // over: a client that has read the answer finds the turn free
        drop(ticket);
        let _ = match outcome {
            Ok(()) => writer.send(true).map_err(|_| ()),
            Err(e) => sender.blocking_send(Message::Failed(e)).map_err(|_| ()),
        };
    });
    let body = match receiver.recv().await {
        // an answer of one chunk goes whole, with its length
        Some(Message::Last(bytes)) => Body::from(bytes),
        Some(Message::Data(bytes)) => Body::new(ChannelBody {
            pending: Some(bytes),
            receiver,
        }),
        Some(Message::Failed(e)) => return Streamed::Failed(e),
        None => Body::empty(),
    };
    let response = Response::builder()
        .status(status)
        .header(
            header::CONTENT_TYPE,
            HeaderValue::from_str(content_type).expect("a media type is a header value"),
        )
        .body(body)
        .expect("a valid response");
    Streamed::Body(response)
}

struct ChannelBody<E> {
    /// The chunk received before the response began.
    pending: Option<Bytes>,
    receiver: mpsc::Receiver<Message<E>>,
}

impl<E: std::fmt::Display> http_body::Body for ChannelBody<E> {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, std::io::Error>>> {
        if let Some(chunk) = self.pending.take() {
            return Poll::Ready(Some(Ok(Frame::data(chunk))));
        }
        match self.receiver.poll_recv(cx) {
            Poll::Ready(Some(Message::Data(bytes) | Message::Last(bytes))) => {
                Poll::Ready(Some(Ok(Frame::data(bytes))))
            }
            // the status is sent: ending the response early is all that is left
            Poll::Ready(Some(Message::Failed(e))) => {
                Poll::Ready(Some(Err(std::io::Error::other(e.to_string()))))
            }
            Poll::Ready(None) => Poll::Ready(None),
            Poll::Pending => Poll::Pending,
        }
    }
}

impl<E> Unpin for ChannelBody<E> {}
