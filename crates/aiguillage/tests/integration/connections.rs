//! The server's bounds on connections: a client that does not send its header in time, or
//! idles on keep-alive, is disconnected; past `--max-connections`, a connection waits.

use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use crate::support::{temp_db, Server};

fn connect(server: &Server) -> TcpStream {
    let address = server.base_url.strip_prefix("http://").expect("an http URL");
    TcpStream::connect(address).expect("connecting")
}

/// Reads until the end of one response to `GET /healthz` (a small JSON body).
fn read_response(stream: &mut TcpStream) -> String {
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let mut response = Vec::new();
    let mut buf = [0; 4096];
    while !response.ends_with(b"}") {
        let n = stream.read(&mut buf).expect("reading a response");
        assert!(
            n > 0,
            "closed before answering: {}",
            String::from_utf8_lossy(&response)
        );
        response.extend_from_slice(&buf[..n]);
    }
    String::from_utf8(response).expect("UTF-8")
}

/// Whether the server closes `stream` within `within` (a read sees the end, or a reset).
fn closed_within(stream: &mut TcpStream, within: Duration) -> bool {
    stream.set_read_timeout(Some(within)).unwrap();
    let mut buf = [0; 64];
    match stream.read(&mut buf) {
        Ok(0) => true,
        Ok(n) => panic!("unexpected bytes: {}", String::from_utf8_lossy(&buf[..n])),
        Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => false,
        Err(_) => true,
    }
}

const REQUEST: &[u8] = b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n";

#[test]
fn slow_headers_and_idle_connections_are_closed() {
    let (_dir, db) = temp_db();
    let server = Server::start(
        &db,
        &["--no-demo", "--header-timeout-s", "1", "--idle-timeout-s", "3"],
    );
    let mut half = connect(&server);
    half.write_all(b"GET /healthz HTTP/1.1\r\nHost: loc").unwrap();
    let mut silent = connect(&server);
    let mut kept = connect(&server);
    kept.write_all(REQUEST).unwrap();
    assert!(read_response(&mut kept).starts_with("HTTP/1.1 200"));
    let answered = Instant::now();

    assert!(closed_within(&mut half, Duration::from_secs(5)), "half a header");
    assert!(closed_within(&mut silent, Duration::from_secs(5)), "nothing sent");
    assert!(
        answered.elapsed() < Duration::from_secs(3),
        "the header timeout closed them"
    );
    // Kept alive, waiting for a next request: the idle timeout, not the header one.
    kept.write_all(REQUEST).unwrap();
    assert!(
        read_response(&mut kept).starts_with("HTTP/1.1 200"),
        "still alive"
    );
    let idle = Instant::now();
    assert!(
        closed_within(&mut kept, Duration::from_secs(8)),
        "idle on keep-alive"
    );
    let waited = idle.elapsed();
    assert!(waited >= Duration::from_millis(2_500), "closed after {waited:?}");

    // A client that takes its time within the bounds is served.
    let mut slow = connect(&server);
    slow.write_all(b"GET /healthz HTTP/1.1\r\n").unwrap();
    std::thread::sleep(Duration::from_millis(300));
    slow.write_all(b"Host: localhost\r\n\r\n").unwrap();
    assert!(read_response(&mut slow).starts_with("HTTP/1.1 200"));
}

#[test]
fn past_max_connections_a_connection_waits_its_turn() {
    let (_dir, db) = temp_db();
    let server = Server::start(
        &db,
        &["--no-demo", "--max-connections", "1", "--header-timeout-s", "2"],
    );
    let mut first = connect(&server);
    // Served only once the first is closed by its header timeout.
    let started = Instant::now();
    let mut second = connect(&server);
    second.write_all(REQUEST).unwrap();
    assert!(read_response(&mut second).starts_with("HTTP/1.1 200"));
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_millis(1_500),
        "answered after {waited:?}"
    );
    assert!(closed_within(&mut first, Duration::from_secs(1)));
}
