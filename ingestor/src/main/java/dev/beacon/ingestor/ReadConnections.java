package dev.beacon.ingestor;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A few read-only connections handed out one caller at a time, so API queries run in parallel with
 * each other and, thanks to WAL, with the writer; a JDBC connection is never shared between
 * threads.
 */
final class ReadConnections implements AutoCloseable {

  /** A query against one borrowed connection. */
  interface Query<T> {
    T run(Connection connection) throws SQLException;
  }

  /** Turns the current row of a result set into a value. */
  interface RowMapper<T> {
    T map(ResultSet row) throws SQLException;
  }

  private static final long BORROW_TIMEOUT_SECONDS = 30;

  private final List<Connection> all;
  private final BlockingQueue<Connection> idle;

  ReadConnections(List<Connection> connections) {
    this.all = List.copyOf(connections);
    this.idle = new ArrayBlockingQueue<>(connections.size(), false, connections);
  }

  /** Runs {@code sql} with {@code parameters} bound in order and maps every row. */
  <T> List<T> list(String sql, RowMapper<T> mapper, Object... parameters) throws SQLException {
    return with(
        connection -> {
          try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
              statement.setObject(i + 1, parameters[i]);
            }
            List<T> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
              while (result.next()) {
                rows.add(mapper.map(result));
              }
            }
            return rows;
          }
        });
  }

  <T> T with(Query<T> query) throws SQLException {
    Connection connection = borrow();
    try {
      return query.run(connection);
    } finally {
      idle.add(connection);
    }
  }

  private Connection borrow() throws SQLException {
    try {
      Connection connection = idle.poll(BORROW_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      if (connection == null) {
        throw new SQLException(
            "all "
                + all.size()
                + " read connections stayed busy for "
                + BORROW_TIMEOUT_SECONDS
                + " s");
      }
      return connection;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while waiting for a read connection", e);
    }
  }

  @Override
  public void close() throws SQLException {
    List<SQLException> failures = new ArrayList<>();
    for (Connection connection : all) {
      try {
        connection.close();
      } catch (SQLException e) {
        failures.add(e);
      }
    }
    if (!failures.isEmpty()) {
      throw failures.get(0);
    }
  }
}
